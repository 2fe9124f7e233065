/**
 * Storage that cannot be filled from a phone (issue 19): each session's log has a quota, and a
 * full disk refuses writes without losing or crashing anything. The disk is made "full" the way
 * an operator caps it, GROUPMAP_STORE_LIMIT_MB (SQLite's max_page_count), which fails a write with
 * the same SQLITE_FULL a full disk gives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Budgets, DEFAULT_BUDGETS } from '../../server/realtime/budgets.js';
import { createSession, join, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer, tempDataDir } from '../helpers/server.js';

let t: TestServer | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.stop();
  t = null;
});

function client(token: string): TestClient {
  const c = new TestClient(t!.url, token);
  clients.push(c);
  return c;
}

/** Budgets out of the way: these tests are about bytes, not rates. */
const unbudgeted = () =>
  new Budgets({ ...DEFAULT_BUDGETS, leadCommandsPerMinute: 1_000_000, commandsPerMinute: 1_000_000 });

async function writingRoom(url: string) {
  const s = await createSession(url);
  const F = client(s.facilitatorToken);
  await F.connected();
  for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' }); // what's working well: writing
  const pat = await join(url, { code: s.participants.code, name: 'Pat' });
  const P = client(pat.token);
  await P.connected();
  return { s, F, P };
}

const long = (i: number) => `${i} ${'x'.repeat(990)}`;

describe('the per-session quota', () => {
  it('refuses a participant past it with QUOTA; the facilitator can still end the session; other sessions carry on', async () => {
    t = await startTestServer({ sessionQuotaMb: 0.05, budgets: unbudgeted() });
    const { s, F, P } = await writingRoom(t.url);
    const other = await writingRoom(t.url);
    let refusal = null;
    for (let i = 0; i < 100 && !refusal; i++) {
      const ack = await P.send({
        type: 'item.submit',
        itemId: `quota-item-${i}`,
        stageId: 'working-well',
        text: long(i),
      });
      if (!ack.ok) refusal = ack.error;
    }
    expect(refusal).toMatchObject({ code: 'QUOTA', message: expect.stringMatching(/used all the space/) });
    const live = t.server.hub.get(s.sessionId)!;
    expect(live.logBytes).toBeLessThanOrEqual(0.05 * 1024 * 1024);
    // The facilitator's reserve: the session can still be ended.
    await F.ok({ type: 'session.end' });
    // Another session is not touched by this one's quota.
    await other.P.ok({ type: 'item.submit', itemId: 'fine-item-1', stageId: 'working-well', text: long(1) });
  });

  it('counts what was logged before a restart', async () => {
    const dataDir = tempDataDir();
    t = await startTestServer({ dataDir, budgets: unbudgeted() });
    const { s, P } = await writingRoom(t.url);
    for (let i = 0; i < 5; i++)
      await P.ok({ type: 'item.submit', itemId: `restart-item-${i}`, stageId: 'working-well', text: long(i) });
    await t.server.hub.settle();
    const before = t.server.hub.get(s.sessionId)!.logBytes;
    expect(before).toBeGreaterThan(5 * 1000);
    for (const c of clients.splice(0)) c.close();
    await t.stop();
    t = await startTestServer({ dataDir });
    expect(t.server.hub.get(s.sessionId)!.logBytes).toBe(before);
  });
});

describe('a full disk', () => {
  it('refuses writes with UNAVAILABLE, keeps serving, says degraded, never crash-loops, and takes the retry once there is space', async () => {
    const dataDir = tempDataDir();
    t = await startTestServer({ dataDir, storeLimitMb: 1, budgets: unbudgeted() });
    const { s, F, P } = await writingRoom(t.url);
    let refused: { text: string; code: string } | null = null;
    const accepted: string[] = [];
    for (let i = 0; i < 60 && !refused; i++) {
      const itemId = `disk-item-${i}`;
      const ack = await P.send({ type: 'item.submit', itemId, stageId: 'working-well', text: long(i) });
      if (!ack.ok) {
        refused = { text: long(i), code: ack.error.code };
        break;
      }
      accepted.push(itemId);
      for (let e = 0; e < 20 && !refused; e++) {
        const text = long(1000 + i * 20 + e);
        const edit = await P.send({ type: 'item.edit', itemId, text });
        if (!edit.ok) refused = { text, code: edit.error.code };
      }
    }
    expect(refused).toMatchObject({ code: 'UNAVAILABLE' });
    expect(accepted.length).toBeGreaterThan(5);
    // Nothing is broadcast before it is on disk: the facilitator, who sees every item, never saw it.
    await F.waitFor((v) => v.items.length === accepted.length);
    expect(F.views.length).toBeGreaterThan(accepted.length);
    const seen = (text: string) => F.views.some((v) => v.view.items.some((i) => i.text === text));
    expect(seen(long(0))).toBe(true);
    expect(seen(refused!.text)).toBe(false);

    // Up, serving what is stored, and saying it is degraded.
    expect(await (await fetch(`${t.url}/healthz`)).json()).toMatchObject({ ok: true, degraded: 'store-full' });
    // Joining writes too: refused in words, not a 500.
    const joining = await fetch(`${t.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: s.participants.code, name: 'Late' }),
    });
    expect(joining.status).toBe(503);
    // The facilitator, connecting afresh, is served every item that is on disk.
    const reader = client(s.facilitatorToken);
    const view = await reader.connected();
    expect(view.items.map((i) => i.id).sort()).toEqual([...accepted].sort());
    // What members see is what is on disk: the refused command left nothing behind.
    const onDisk = t.server.hub.get(s.sessionId)!;
    expect(Object.keys(onDisk.state.items).sort()).toEqual([...accepted].sort());

    // A restart on the same full disk starts, serves and refuses again: no crash loop.
    for (const c of clients.splice(0)) c.close();
    await t.stop();
    t = await startTestServer({ dataDir, storeLimitMb: 1, budgets: unbudgeted() });
    expect(Object.keys(t.server.hub.get(s.sessionId)!.state.items).sort()).toEqual([...accepted].sort());
    const P2 = client((P.socket.auth as { token: string }).token);
    await P2.connected();
    const again = await P2.send({
      type: 'item.submit',
      itemId: 'after-item-1',
      stageId: 'working-well',
      text: long(1),
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    // Space is made (the limit raised): the same command, retried, is taken.
    for (const c of clients.splice(0)) c.close();
    await t.stop();
    t = await startTestServer({ dataDir, budgets: unbudgeted() });
    const P3 = client((P.socket.auth as { token: string }).token);
    await P3.connected();
    await P3.ok({ type: 'item.submit', itemId: 'after-item-1', stageId: 'working-well', text: long(1) });
    expect(await (await fetch(`${t.url}/healthz`)).json()).not.toHaveProperty('degraded');
  });
});
