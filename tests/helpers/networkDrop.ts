/**
 * A phone drops off the network for a while; meanwhile the session moves on (a new stage step,
 * someone else's item written and read out). When it comes back its view must be complete: the
 * same seq as the facilitator's and the changes it missed. The server always sends a full view
 * on (re)connect, so this holds however long the drop.
 */
import { expect } from 'vitest';
import { createSession, join, TestClient } from './client.js';
import { startTestServer } from './server.js';

export async function dropAndRecover(offlineMs: number): Promise<{ missedChanges: number }> {
  const t = await startTestServer();
  const clients: TestClient[] = [];
  try {
    const s = await createSession(t.url);
    const F = new TestClient(t.url, s.facilitatorToken);
    const P = new TestClient(t.url, (await join(t.url, { code: s.participants.code, name: 'P' })).token);
    const O = new TestClient(t.url, (await join(t.url, { code: s.participants.code, name: 'O' })).token);
    clients.push(F, P, O);
    await Promise.all(clients.map((c) => c.connected()));
    for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' });
    await P.waitFor((v) => v.stageId === 'working-well');
    P.socket.disconnect();
    const seqAtDrop = F.seq;
    await O.ok({
      type: 'item.submit',
      itemId: 'while-away-1',
      stageId: 'working-well',
      text: 'Asked while P was away',
    });
    await F.ok({ type: 'step.advance' });
    await F.ok({ type: 'item.readOut', itemId: 'while-away-1' });
    await new Promise((r) => setTimeout(r, offlineMs));
    await F.ok({ type: 'timer.pause' }); // one more change just before it returns
    P.socket.connect();
    const view = await P.waitFor(
      (v) => v.step === 'read' && v.items.some((i) => i.id === 'while-away-1') && v.stepTimer!.runningSince === null,
      10_000,
    );
    expect(P.seq).toBe(F.seq);
    expect(view.items.find((i) => i.id === 'while-away-1')?.text).toBe('Asked while P was away');
    return { missedChanges: F.seq - seqAtDrop };
  } finally {
    for (const c of clients) c.close();
    await t.stop();
  }
}
