/**
 * One owner per session among nodes sharing PostgreSQL (pgOwnership.ts), store against store:
 * a second node cannot claim a held session; a claim bumps the epoch; a write carrying an old
 * epoch is refused by the database itself (FENCED) and writes nothing, log and board alike; a
 * node asked to hand a session over lets it go; a node whose lock connection dies forgets every
 * session at once. Runs in the PostgreSQL run (npm run test:postgres).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/log.js';
import { PgStore } from '../../server/store/postgres/pgStore.js';
import { FencedError } from '../../server/store/storeFull.js';
import { createSession, TestClient } from '../helpers/client.js';
import { onPostgres, startTestServer, testDatabaseUrl } from '../helpers/server.js';
import { logEntry, storedSession } from '../helpers/storeFixtures.js';

const admin = process.env.GROUPMAP_TEST_POSTGRES ?? '';
const url = admin.replace(/\/postgres$/, '/ownership');
const stores: PgStore[] = [];
const open = async (node: string) => {
  const store = await PgStore.open(url, node, silentLogger);
  stores.push(store);
  return store;
};

beforeAll(async () => {
  if (!onPostgres) return;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query('CREATE DATABASE ownership');
  await client.end();
});
afterAll(async () => {
  for (const s of stores) await s.close().catch(() => {});
});

const commandsOf = async (store: PgStore, id: string) =>
  (await store.pool.query('SELECT seq FROM commands WHERE session_id = $1 ORDER BY seq', [id])).rows.map((r) => r.seq);

describe.skipIf(!onPostgres)('session ownership across nodes', () => {
  it('one node at a time; each claim bumps the epoch; a deposed owner writes (or deletes) nothing, log or board', async () => {
    const a = await open('A');
    const b = await open('B');
    const s = storedSession('sess-own01', 'Ownership');
    await a.createSession(s, []); // created and held by A, at epoch 1
    await a.appendMany([logEntry(s, 1)]);
    expect(await b.ownership.claim(s.id)).toBe('elsewhere');

    await a.ownership.release(s.id);
    const claimed = await b.ownership.claim(s.id);
    expect(claimed).toMatchObject({ id: s.id, seq: 1 });
    const epoch = async () =>
      Number((await b.pool.query('SELECT epoch FROM sessions WHERE id = $1', [s.id])).rows[0].epoch);
    expect(await epoch()).toBe(2);

    // A thinks it still holds the session at epoch 1 (a zombie that missed its lock going):
    a.ownership.claimed(s.id, 1, (a.ownership as unknown as { generation: number }).generation);
    await expect(a.appendMany([logEntry(s, 2)])).rejects.toBeInstanceOf(FencedError);
    await expect(
      a.boards.save([{ sessionId: s.id, documentClock: 1, puts: [], deletes: [], wipeAll: false, schema: '{}' }]),
    ).rejects.toBeInstanceOf(FencedError);
    // Nor can it delete the session from under its owner.
    await expect(a.purgeSession(s.id, 3_000)).rejects.toBeInstanceOf(FencedError);
    expect(await commandsOf(b, s.id)).toEqual([1]);
    // The owner writes on; a fenced write leaves the store working.
    await b.appendMany([logEntry(s, 2)]);
    expect(await commandsOf(b, s.id)).toEqual([1, 2]);
  });

  it('hands a session over when another node asks for it', async () => {
    const a = await open('A2');
    const b = await open('B2');
    const s = storedSession('sess-own02', 'Ownership');
    await a.createSession(s, []);
    const asked = new Promise<string>((resolve) => a.ownership.onHandover(resolve));
    expect(await b.ownership.claim(s.id)).toBe('elsewhere');
    await b.ownership.requestHandover(s.id);
    expect(await asked).toBe(s.id);
    await a.ownership.release(s.id);
    expect(await b.ownership.claim(s.id)).toMatchObject({ id: s.id });
  });

  it('forgets every session at once when its lock connection dies, and claims again once it is back', async () => {
    const a = await open('A3');
    const s = storedSession('sess-own03', 'Ownership');
    await a.createSession(s, []);
    const lost = new Promise<string[]>((resolve) => a.ownership.onLost(resolve));
    const pid = (await a.pool.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'groupmap A3 locks'"))
      .rows[0].pid;
    const cutAt = Date.now();
    await a.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    expect(await lost).toEqual([s.id]);
    expect(Date.now() - cutAt).toBeLessThan(2000);
    // Refused at once, without asking the database.
    await expect(a.appendMany([logEntry(s, 1)])).rejects.toBeInstanceOf(FencedError);
    // A new lock connection comes back by itself, and the session can be claimed again.
    await expect
      .poll(async () => (await a.ownership.claim(s.id).catch(() => null)) !== null, { timeout: 5000 })
      .toBe(true);
  });

  it('lets go of a session nobody has used for ten minutes, and claims it again when someone comes back', async () => {
    let now = Date.now();
    const t = await startTestServer({ clock: () => now });
    try {
      const s = await createSession(t.url);
      const F = new TestClient(t.url, s.facilitatorToken);
      await F.connected();
      await F.ok({ type: 'stage.advance' });
      const inUse = () => F.socket.connected;
      now += 11 * 60_000;
      expect(await t.server.hub.unloadIdle(inUse, 10 * 60_000)).toBe(0); // someone is connected
      F.close();
      expect(await t.server.hub.unloadIdle(() => false, 10 * 60_000)).toBe(1);
      expect(t.server.hub.get(s.sessionId)).toBeUndefined();
      // Free for any node now: another store claims it, then lets it go again.
      const other = await PgStore.open(await testDatabaseUrl(t.dataDir), 'C', silentLogger);
      stores.push(other);
      expect(await other.ownership.claim(s.sessionId)).toMatchObject({ id: s.sessionId, seq: 1 });
      await other.ownership.release(s.sessionId);
      const back = new TestClient(t.url, s.facilitatorToken);
      expect((await back.connected()).stageIndex).toBe(1);
      back.close();
    } finally {
      await t.stop();
    }
  });
});
