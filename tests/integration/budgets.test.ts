/**
 * Budgets (issue 19): one attendee cannot flood the server. Commands are budgeted per member,
 * resyncs and clock probes per socket; refusals say RATE_LIMITED, and a member who keeps going is
 * disconnected and kept out for a while, while everyone else carries on.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BUDGETS } from '../../server/realtime/budgets.js';
import { createSession, join, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.stop();
});

function client(token: string): TestClient {
  const c = new TestClient(t.url, token);
  clients.push(c);
  return c;
}

async function room() {
  const s = await createSession(t.url);
  const F = client(s.facilitatorToken);
  await F.connected();
  for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' }); // what's working well: writing
  const pat = await join(t.url, { code: s.participants.code, name: 'Pat' });
  const sam = await join(t.url, { code: s.participants.code, name: 'Sam' });
  return { s, F, pat, sam };
}

describe('budgets', () => {
  it('a flooding participant gets RATE_LIMITED, then is disconnected and kept out; the others carry on', async () => {
    t = await startTestServer();
    const { s, F, pat, sam } = await room();
    const P = client(pat.token);
    await P.connected();
    await P.ok({ type: 'item.submit', itemId: 'flood-item-1', stageId: 'working-well', text: 'x'.repeat(1000) });
    const acks = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        P.send({ type: 'item.edit', itemId: 'flood-item-1', text: `${i % 2 ? 'a' : 'b'}${'x'.repeat(999)}` }),
      ),
    );
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED');
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(DEFAULT_BUDGETS.commandsPerMinute);
    expect(limited.length).toBeGreaterThanOrEqual(150 - DEFAULT_BUDGETS.commandsPerMinute);
    expect(!limited[0]!.ok && limited[0]!.error.message).toMatch(/wait a moment/);
    // The log holds what was accepted, not the flood: at most the budget, and the edits per item bound it further.
    const live = t.server.hub.get(s.sessionId)!;
    expect(live.state.items['flood-item-1']!.edits).toBeLessThanOrEqual(20);

    // Going on past the strikes: disconnected, and a reconnection is refused for a while.
    const disconnected = new Promise<void>((resolve) => P.socket.once('disconnect', () => resolve()));
    for (let i = 0; i < DEFAULT_BUDGETS.strikesPerMinute + 5; i++)
      P.socket.emit('command', { type: 'item.withdraw', id: `s-${i}-xxxxxxxx`, itemId: 'flood-item-1' }, () => {});
    await disconnected;
    const again = io(t.url, { auth: { token: pat.token }, transports: ['websocket'], reconnection: false });
    const refusal = await new Promise<string>((resolve) => again.on('connect_error', (e) => resolve(e.message)));
    again.close();
    expect(refusal).toBe('RATE_LIMITED');

    // Another member of the same session, and the facilitator, are not touched.
    const S = client(sam.token);
    await S.connected();
    await S.ok({ type: 'item.submit', itemId: 'sam-item-01', stageId: 'working-well', text: 'Who helps at bedtime?' });
    await F.ok({ type: 'timer.extend', scope: 'step', minutes: 1 });
  });

  it('resync and clock probes are budgeted per socket: a flood gets only its budget of whole views', async () => {
    t = await startTestServer();
    const { pat } = await room();
    const P = client(pat.token);
    await P.connected();
    let views = 0;
    P.socket.on('view', () => views++);
    for (let i = 0; i < 60; i++) P.socket.emit('resync');
    await new Promise((r) => setTimeout(r, 300));
    expect(views).toBe(DEFAULT_BUDGETS.resyncsPerMinute);
    const probes = await Promise.all(
      Array.from({ length: 40 }, () =>
        P.socket
          .timeout(300)
          .emitWithAck('time')
          .then(
            () => 'answered',
            () => 'unanswered',
          ),
      ),
    );
    expect(probes.filter((p) => p === 'answered')).toHaveLength(DEFAULT_BUDGETS.timeProbesPerMinute);
  });

  it('a facilitator running a brisk meeting is never limited', async () => {
    t = await startTestServer();
    const { F } = await room();
    // Two hundred clicks in a burst: far more than a meeting makes in a minute.
    for (let i = 0; i < 100; i++) {
      await F.ok({ type: 'timer.extend', scope: 'step', minutes: 1 });
      await F.ok({ type: 'timer.extend', scope: 'step', minutes: -1 });
    }
  });
});
