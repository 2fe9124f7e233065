/**
 * Links that cannot be lost and messages that say what happened: an invitation's page learns its
 * role and case before anyone joins; the facilitator can make new links (the old ones then stop);
 * a purged session's code and links are told apart from a typo.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_JOIN_LIMITS } from '../../server/security/rateLimit.js';
import type { InvitationResponse, InvitationsResponse } from '../../shared/protocol.js';
import { createSession, inviteSecret, join, postJson, TestClient } from '../helpers/client.js';
import { startTestServer, storedRows, type TestServer } from '../helpers/server.js';

let t: TestServer;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.stop();
});

type Refusal = { error: { code: string; message: string } };

async function facilitatorOf(title = 'Family K') {
  const s = await createSession(t.url, { title });
  const F = new TestClient(t.url, s.facilitatorToken);
  clients.push(F);
  await F.connected();
  return { s, F };
}

const renew = (sessionId: string, token?: string) =>
  fetch(`${t.url}/api/sessions/${sessionId}/invitations`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
const secretOf = (url: string) => url.split('#')[1]!;

describe('invitations', () => {
  it('tell their page the role and the case title, and nothing secret', async () => {
    t = await startTestServer();
    const { s } = await facilitatorOf('Family K');
    const res = await postJson<InvitationResponse>(`${t.url}/api/invitation`, { invite: inviteSecret(s, 'screen') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ role: 'screen', title: 'Family K', status: 'open' });
    const wrong = await postJson<Refusal>(`${t.url}/api/invitation`, { invite: 'not-a-real-invitation-secret' });
    expect([wrong.status, wrong.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await postJson(`${t.url}/api/invitation`, { invite: 'x' })).status).toBe(400);
  });

  it('can be made again by the facilitator only; the old links stop, people who joined stay', async () => {
    t = await startTestServer();
    const { s } = await facilitatorOf();
    const cw = await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' });
    const participant = await join(t.url, { code: s.participants.code, name: 'Pat' });
    expect((await renew(s.sessionId)).status).toBe(401);
    expect((await renew(s.sessionId, participant.token)).status).toBe(403);
    const other = await createSession(t.url);
    expect((await renew(s.sessionId, other.facilitatorToken)).status).toBe(401);

    const res = await renew(s.sessionId, s.facilitatorToken);
    expect(res.status).toBe(201);
    const { invitations } = (await res.json()) as InvitationsResponse;
    expect(invitations.map((i) => i.role).sort()).toEqual(['advisor', 'caseworker', 'screen']);
    for (const i of invitations) expect(i.url).toMatch(/\/invite#[A-Za-z0-9_-]{20,}$/);

    const old = await postJson<Refusal>(`${t.url}/api/join`, { invite: inviteSecret(s, 'advisor'), name: 'Ada' });
    expect([old.status, old.body.error.code]).toEqual([410, 'GONE']);
    expect(old.body.error.message).toMatch(/replaced by a newer one/);
    const advisor = invitations.find((i) => i.role === 'advisor')!;
    expect((await join(t.url, { invite: secretOf(advisor.url), name: 'Ada' })).role).toBe('advisor');
    // The caseworker who joined with the old link is still in, with their own token.
    const CW = new TestClient(t.url, cw.token);
    clients.push(CW);
    await CW.connected();
    expect((await t.server.store.audit(s.sessionId)).some((a) => a.event === 'invitations.renewed')).toBe(true);
  });

  it('of a purged session, and its code, are told apart from a typo', async () => {
    t = await startTestServer();
    const { s, F } = await facilitatorOf();
    await F.ok({ type: 'session.purge' });
    for (const body of [
      { code: s.participants.code, name: 'Pat' },
      { invite: inviteSecret(s, 'caseworker'), name: 'Cas' },
    ]) {
      const res = await postJson<Refusal>(`${t.url}/api/join`, body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([410, 'GONE']);
      expect(res.body.error.message).toMatch(/has been deleted/);
    }
    const info = await postJson<Refusal>(`${t.url}/api/invitation`, { invite: inviteSecret(s, 'screen') });
    expect([info.status, info.body.error.code]).toEqual([410, 'GONE']);
    // The tombstones hold the code and hashes only: nothing of the session's content or title.
    const rows = await storedRows<{ key: string; kind: string }>(t.server, 'SELECT key, kind FROM tombstones');
    expect(rows).toHaveLength(4); // the code and the three invitations: no member's token
    for (const { key, kind } of rows) {
      expect(key).toMatch(/^(code:[A-Z0-9]+|link:[A-Za-z0-9_-]+)$/);
      expect(kind).toBe('purged');
    }
    expect(JSON.stringify(rows)).not.toContain('Family K');
  });

  it('after the end the caseworker can still come in to agree the record; the others are told it ended', async () => {
    t = await startTestServer();
    const { s, F } = await facilitatorOf();
    await F.ok({ type: 'session.end' });
    const info = await postJson<InvitationResponse>(`${t.url}/api/invitation`, {
      invite: inviteSecret(s, 'caseworker'),
    });
    expect(info.body).toMatchObject({ role: 'caseworker', status: 'ended' });
    const cw = await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' });
    const CW = new TestClient(t.url, cw.token);
    clients.push(CW);
    await CW.ok({ type: 'record.agree', name: 'Cas Jones' });
    for (const role of ['advisor', 'screen'] as const) {
      const res = await postJson<Refusal>(`${t.url}/api/join`, { invite: inviteSecret(s, role), name: 'Late' });
      expect([res.status, res.body.error.code], role).toEqual([410, 'CLOSED']);
      expect(res.body.error.message).toMatch(/has ended/);
    }
  });

  it('a link replaced before a purge says the session was deleted, and unknown links count as wrong guesses', async () => {
    t = await startTestServer();
    const { s, F } = await facilitatorOf();
    expect((await renew(s.sessionId, s.facilitatorToken)).status).toBe(201);
    await F.ok({ type: 'session.purge' });
    const old = await postJson<Refusal>(`${t.url}/api/join`, { invite: inviteSecret(s, 'advisor'), name: 'Ada' });
    expect(old.body.error.message).toMatch(/has been deleted/);
    // Asking what an unknown link is for costs a guess, as joining with it does.
    const statuses: number[] = [];
    for (let i = 0; i <= DEFAULT_JOIN_LIMITS.perAddress; i++)
      statuses.push((await postJson(`${t.url}/api/invitation`, { invite: `guessing-link-number-${i}` })).status);
    expect(statuses.slice(0, DEFAULT_JOIN_LIMITS.perAddress).every((x) => x === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('forgets a purged session’s code and links after 30 days', async () => {
    let now = Date.parse('2026-11-24T10:00:00Z');
    t = await startTestServer({ clock: () => now });
    const { s, F } = await facilitatorOf();
    await F.ok({ type: 'session.purge' });
    const byCode = () => postJson<Refusal>(`${t.url}/api/join`, { code: s.participants.code, name: 'Pat' });
    expect((await byCode()).body.error.code).toBe('GONE');
    now += 29 * 24 * 3600_000;
    await t.server.hub.purgeExpired();
    expect((await byCode()).body.error.code).toBe('GONE');
    now += 2 * 24 * 3600_000;
    await t.server.hub.purgeExpired();
    expect((await byCode()).body.error.code).toBe('NOT_FOUND');
  });
});
