import http from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSession, inviteSecret, join, postJson, TestClient } from '../helpers/client.js';
import { onPostgres, startTestServer, storedCommands, type TestServer, whereStored } from '../helpers/server.js';

let t: TestServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.stop();
});

function connect(token: string) {
  const c = new TestClient(t.url, token);
  clients.push(c);
  return c;
}

describe('HTTP API', () => {
  it('limits new sessions per address, and tells only the machine itself how many are live', async () => {
    const limited = await startTestServer({ sessionsPerHour: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await postJson(`${limited.url}/api/sessions`, { title: 'T', facilitatorName: 'F' })).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      // From this machine (loopback) the count is there; through a proxy from anywhere else it is not.
      // (With PostgreSQL, the sessions this node holds: a new one is claimed when first opened, not at creation.)
      expect(await (await fetch(`${limited.url}/healthz`)).json()).toEqual({
        ok: true,
        sessions: onPostgres ? 0 : 3,
        damaged: 0,
      });
    } finally {
      await limited.stop();
    }
  });

  it('answers only to the names it is reached by: a rebound DNS name gets 421, addresses and loopback pass', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) =>
        http
          .get(`${t.url}/healthz`, { headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject),
      );
    expect(await status('evil.example:3000')).toBe(421);
    expect(await status('attacker.test')).toBe(421);
    for (const host of [
      '127.0.0.1:3000',
      'localhost:3000',
      '192.168.1.20:3000',
      '[::1]:3000',
      'fac-laptop:3000',
      'fac-laptop.local:3000',
      'groupmap.lan:3000',
    ])
      expect(await status(host), host).toBe(200);
    // The WebSocket endpoints too: with Origin and Host both the rebound name, it is not "same origin".
    const upgrade = (host: string) =>
      new Promise<number | 'open'>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${t.port}/socket.io/?EIO=4&transport=websocket`, {
          headers: { host },
          origin: `http://${host}`,
        });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(0));
      });
    expect(await upgrade('evil.example:3000')).not.toBe('open');
    expect(await upgrade(`127.0.0.1:${t.port}`)).toBe('open');
  });

  it('GET /healthz answers', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    // Plain http (a meeting room's LAN address): no HSTS, which would only pin a name to https that has none.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('POST /api/sessions validates its body', async () => {
    const missing = await postJson<{ error: { code: string; issues: string[] } }>(`${t.url}/api/sessions`, {
      facilitatorName: 'F',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('INVALID');
    expect(missing.body.error.issues.join()).toMatch(/title/);
    const extra = await postJson(`${t.url}/api/sessions`, { title: 'A', facilitatorName: 'F', admin: true });
    expect(extra.status).toBe(400);
    const longTitle = await postJson(`${t.url}/api/sessions`, { title: 'x'.repeat(61), facilitatorName: 'F' });
    expect(longTitle.status).toBe(400);
    const badDuration = await postJson(`${t.url}/api/sessions`, {
      title: 'A',
      facilitatorName: 'F',
      durations: { genogram: 1000 },
    });
    expect(badDuration.status).toBe(400);
  });

  it('refuses malformed JSON and oversized bodies with a clear error', async () => {
    const malformed = await fetch(`${t.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'INVALID' } });
    const huge = await postJson(`${t.url}/api/sessions`, { title: 'A', facilitatorName: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
  });

  it('an unknown API path is a JSON 404', async () => {
    const res = await fetch(`${t.url}/api/nope`);
    expect(res.status).toBe(404);
  });
});

describe('joining', () => {
  it('in two steps a proxy can route: resolve the code or link anywhere, then join on the session by its id', async () => {
    const a = await createSession(t.url);
    const b = await createSession(t.url);
    // Links name the port actually bound (PUBLIC_URL ends in :0 here), as every step below relies on.
    expect(a.invitations.every((i) => i.url.startsWith(`${t.url}/invite#`))).toBe(true);
    expect(a.participants.joinUrl).toBe(`${t.url}/join/${a.participants.code}`);
    type Refusal = { error: { code: string; message: string } };
    const byCode = await postJson<{ sessionId: string }>(`${t.url}/api/resolve`, { code: a.participants.code });
    expect(byCode).toEqual({ status: 200, body: { sessionId: a.sessionId } });
    const byLink = await postJson<{ sessionId: string }>(`${t.url}/api/resolve`, {
      invite: inviteSecret(a, 'caseworker'),
    });
    expect(byLink.body.sessionId).toBe(a.sessionId);
    expect((await postJson<Refusal>(`${t.url}/api/resolve`, { code: 'ZZZZZZ' })).status).toBe(404);

    // The second step names the session; a code or link of another session is refused there.
    const joined = await postJson<{ sessionId: string; role: string }>(`${t.url}/api/sessions/${a.sessionId}/join`, {
      code: a.participants.code,
      name: 'Ola',
    });
    expect([joined.status, joined.body.sessionId, joined.body.role]).toEqual([201, a.sessionId, 'participant']);
    const crossed = await postJson<Refusal>(`${t.url}/api/sessions/${b.sessionId}/join`, {
      code: a.participants.code,
      name: 'Ola',
    });
    expect([crossed.status, crossed.body.error.message]).toEqual([404, 'That code or link is for another session.']);
    const described = await postJson<{ role: string; title: string }>(
      `${t.url}/api/sessions/${a.sessionId}/invitation`,
      { invite: inviteSecret(a, 'advisor') },
    );
    expect(described.body).toMatchObject({ role: 'advisor', status: 'open' });
    expect(
      (await postJson(`${t.url}/api/sessions/${b.sessionId}/invitation`, { invite: inviteSecret(a, 'advisor') }))
        .status,
    ).toBe(404);
  });

  it('a wrong or malformed code is refused without saying which part was wrong', async () => {
    for (const code of ['AAAAAA', '000000', 'x', '<script>']) {
      const res = await postJson<{ error: { code: string; message: string } }>(`${t.url}/api/join`, {
        code,
        name: 'P',
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect(res.body.error.message).toMatch(/No session has that code/);
    }
  });

  it('an invalid invitation is refused', async () => {
    const res = await postJson(`${t.url}/api/join`, { invite: 'not-a-real-invitation-secret', name: 'A' });
    expect(res.status).toBe(404);
  });

  it('the code stops admitting when the room is locked or the session ends, each with its own message', async () => {
    const s = await createSession(t.url);
    const F = connect(s.facilitatorToken);
    await F.connected();
    const byCode = (name: string) =>
      postJson<{ error: { code: string; message: string } }>(`${t.url}/api/join`, { code: s.participants.code, name });
    await F.ok({ type: 'session.lock', locked: true });
    const locked = await byCode('Late');
    expect([locked.status, locked.body.error.code]).toEqual([423, 'LOCKED']);
    expect(locked.body.error.message).toMatch(/closed this session to new people/);
    await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'CW' }); // invitations still work
    await F.ok({ type: 'session.lock', locked: false });
    await join(t.url, { code: s.participants.code, name: 'OnTime' });
    await F.ok({ type: 'session.end' });
    const ended = await byCode('After');
    expect([ended.status, ended.body.error.code]).toEqual([410, 'CLOSED']);
    expect(ended.body.error.message).toMatch(/has ended/);
    expect(ended.body.error.message).not.toMatch(/screen/); // the screen no longer shows a code
  });
});

describe('socket authentication', () => {
  function handshake(auth: unknown): Promise<string> {
    return new Promise((resolve) => {
      const socket = io(t.url, {
        auth: auth as Record<string, unknown>,
        transports: ['websocket'],
        reconnection: false,
      });
      socket.on('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.on('connect_error', (err) => resolve(err.message));
    });
  }

  it('refuses a missing, malformed or unknown token', async () => {
    expect(await handshake({})).toBe('UNAUTHENTICATED');
    expect(await handshake({ token: 42 })).toBe('UNAUTHENTICATED');
    expect(await handshake({ token: 'x'.repeat(32) })).toBe('UNAUTHENTICATED');
  });

  it('a token admits only to its own session: commands act there, never in another', async () => {
    const a = await createSession(t.url, { title: 'Case A' });
    const b = await createSession(t.url, { title: 'Case B' });
    const FA = connect(a.facilitatorToken);
    const FB = connect(b.facilitatorToken);
    const [va, vb] = await Promise.all([FA.connected(), FB.connected()]);
    expect(va.sessionId).toBe(a.sessionId);
    expect(vb.sessionId).toBe(b.sessionId);
    await FA.ok({ type: 'stage.advance' });
    await FA.waitFor((v) => v.stageId === 'genogram');
    expect(t.server.hub.get(b.sessionId)!.state.stageIndex).toBe(0);
    expect(FB.view!.stageId).toBe('introductions');
  });

  it('a caseworker cannot act as facilitator; the screen cannot send anything', async () => {
    const s = await createSession(t.url);
    const cw = await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'CW' });
    const screen = await join(t.url, { invite: inviteSecret(s, 'screen'), name: 'Screen' });
    const CW = connect(cw.token);
    const SCR = connect(screen.token);
    await Promise.all([CW.connected(), SCR.connected()]);
    expect(await CW.send({ type: 'stage.advance' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await CW.send({ type: 'session.purge' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const type of ['timer.start', 'goal.set', 'item.choose', 'rating.record']) {
      const ack = await SCR.send({
        type,
        text: 'x',
        itemId: 'abcdefgh',
        chosen: true,
        ratingId: 'abcdefgh',
        scale: 'usefulness',
        value: 1,
      });
      expect(ack.ok).toBe(false);
    }
    expect(t.server.hub.get(s.sessionId)!.seq).toBe(2); // the two joins, nothing else
  });

  it('answers clock probes with the server time', async () => {
    const s = await createSession(t.url);
    const F = connect(s.facilitatorToken);
    await F.connected();
    const before = Date.now();
    const { serverNow } = await F.socket.timeout(2000).emitWithAck('time');
    expect(serverNow).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe('purge', () => {
  it('removes the session, disconnects everyone and makes the tokens useless', async () => {
    const s = await createSession(t.url);
    const p = await join(t.url, { code: s.participants.code, name: 'P' });
    const F = connect(s.facilitatorToken);
    const P = connect(p.token);
    await Promise.all([F.connected(), P.connected()]);
    await F.ok({ type: 'goal.set', text: 'PURGE-MARKER-goal-7f3a' });
    await F.ok({ type: 'exactWords.add', noteId: 'purge-note-1', text: 'PURGE-MARKER-words-7f3a' });
    await F.ok({ type: 'session.purge' });
    await expect.poll(() => P.gone).toBe('purged');
    expect(t.server.hub.get(s.sessionId)).toBeUndefined();
    expect(await storedCommands(t.server, s.sessionId)).toBe(0);
    expect(await t.server.hub.access.authenticate(s.facilitatorToken)).toBeNull();
    // Nothing of the purged session's text remains in the store (every byte of the SQLite files).
    expect(await whereStored(t, 'PURGE-MARKER')).toEqual([]);
  });
});
