/**
 * Members the facilitator can take out, and seats code joins cannot take (issue 19): a removed
 * member's token dies at once (socket, board, pack, and after a restart), and people who only had
 * the code never fill the seats of the invited roles.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { boardUrl, connectBoard } from '../helpers/boardClient.js';
import { createSession, inviteSecret, join, postJson, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer, tempDataDir } from '../helpers/server.js';

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

/** Whether socket.io lets this token in, or refuses it as UNAUTHENTICATED. */
function admits(token: string): Promise<boolean | 'UNAUTHENTICATED'> {
  return new Promise((resolve) => {
    const socket = io(t.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    socket.once('connect', () => {
      socket.close();
      resolve(true);
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message === 'UNAUTHENTICATED' ? 'UNAUTHENTICATED' : false);
    });
  });
}

describe('removing a member', () => {
  it('disconnects them at once with "removed", and their token opens nothing again, a restart included', async () => {
    const dataDir = tempDataDir();
    t = await startTestServer({ dataDir });
    const s = await createSession(t.url);
    const F = client(s.facilitatorToken);
    await F.connected();
    const pat = await join(t.url, { code: s.participants.code, name: 'Pat' });
    const cas = await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' });
    const P = client(pat.token);
    const C = client(cas.token);
    await Promise.all([P.connected(), C.connected()]);
    const board = await connectBoard(await boardUrl(t.url, s.sessionId, cas.token), { origin: t.url });
    const boardClosed = new Promise<void>((resolve) => board.ws.once('close', () => resolve()));
    const patGone = new Promise<void>((resolve) => P.socket.once('disconnect', () => resolve()));

    await F.ok({ type: 'member.remove', memberId: pat.memberId });
    await F.ok({ type: 'member.remove', memberId: cas.memberId });
    await patGone;
    expect(P.gone).toBe('removed');
    await boardClosed;
    expect(C.gone).toBe('removed');
    const view = await F.waitFor((v) => v.members.length === 1);
    expect(view.members.map((m) => m.role)).toEqual(['facilitator']);

    // Their tokens open nothing: socket, board ticket, pack.
    expect(await admits(pat.token)).toBe('UNAUTHENTICATED');
    const ticket = await fetch(`${t.url}/api/sessions/${s.sessionId}/board-ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cas.token}` },
    });
    expect(ticket.status).toBe(401);
    const pack = await fetch(`${t.url}/api/sessions/${s.sessionId}/pack.md`, {
      headers: { authorization: `Bearer ${cas.token}` },
    });
    expect(pack.status).toBe(401);
    // The audit trail says a facilitator removed a participant and a caseworker, with no names.
    const removals = (await t.server.store.audit(s.sessionId)).filter((a) => a.event === 'member.remove');
    expect(removals.map((a) => [a.role, a.detail])).toEqual([
      ['facilitator', 'participant'],
      ['facilitator', 'caseworker'],
    ]);
    expect(JSON.stringify(removals)).not.toContain('Pat');

    // Nor after a restart: the credentials went with the command, in its transaction.
    for (const c of clients.splice(0)) c.close();
    await t.stop();
    t = await startTestServer({ dataDir });
    expect(await admits(pat.token)).toBe('UNAUTHENTICATED');
    expect(await admits(cas.token)).toBe('UNAUTHENTICATED');
    expect(await admits(s.facilitatorToken)).toBe(true);
  });

  it('is the facilitator’s alone, and never of the facilitator', async () => {
    t = await startTestServer();
    const s = await createSession(t.url);
    const F = client(s.facilitatorToken);
    await F.connected();
    const adv = await join(t.url, { invite: inviteSecret(s, 'advisor'), name: 'Ada' });
    const pat = await join(t.url, { code: s.participants.code, name: 'Pat' });
    const A = client(adv.token);
    await A.connected();
    expect(await A.send({ type: 'member.remove', memberId: pat.memberId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const me = (await F.connected()).members.find((m) => m.role === 'facilitator')!;
    expect(await F.send({ type: 'member.remove', memberId: me.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await admits(pat.token)).toBe(true);
  });
});

describe('seats', () => {
  it('code joins stop short of the invited roles’ seats: the advisor, caseworker and screen still get in', async () => {
    t = await startTestServer();
    const s = await createSession(t.url);
    for (let i = 0; i < LIMITS.participants; i++) await join(t.url, { code: s.participants.code, name: `P${i}` });
    const full = await postJson<{ error: { code: string } }>(`${t.url}/api/join`, {
      code: s.participants.code,
      name: 'One too many',
    });
    expect([full.status, full.body.error.code]).toEqual([409, 'LIMIT']);
    for (const role of ['advisor', 'caseworker', 'screen'] as const)
      expect((await join(t.url, { invite: inviteSecret(s, role), name: role })).role).toBe(role);
  });
});
