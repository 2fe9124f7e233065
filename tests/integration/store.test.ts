/**
 * The store on its own: the command log (order, fail-stop, purge), the checkpointer's thread, and
 * what a restart reads back.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_EVERY } from '../../server/store/schema.js';
import { type AppendEntry, SqliteStore } from '../../server/store/sqliteStore.js';
import type { AnyCommand } from '../../shared/commands.js';
import type { SessionState } from '../../shared/state.js';
import { tempDataDir } from '../helpers/server.js';
import { logEntry, storedSession } from '../helpers/storeFixtures.js';

const open: SqliteStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => {});
});

function newStore(dataDir = tempDataDir()): SqliteStore {
  const store = new SqliteStore(dataDir, { durability: 'normal' });
  open.push(store);
  return store;
}

/** Everything the store loads at start, as a list. */
async function loaded(store: SqliteStore) {
  const all = [];
  for await (const stored of store.loadAll()) all.push(stored);
  return all;
}

describe('the command log', () => {
  it('appends commit in order, and a restart reads seq and last change from the tail', async () => {
    const dataDir = tempDataDir();
    const store = newStore(dataDir);
    const a = storedSession('sess-aaaaa');
    await store.createSession(a, []);
    for (let i = 0; i < 30; i++) await store.appendMany([logEntry(a, i + 1, 5_000 + i)]);
    await store.close();
    open.length = 0;

    const [reloaded] = await loaded(newStore(dataDir));
    if (!reloaded || 'damaged' in reloaded) throw new Error('the session did not load');
    const stored = reloaded;
    expect(stored.seq).toBe(30);
    expect(stored.tail.map((c) => c.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(stored.logged).toHaveLength(30);
    // No snapshot was due (seq < SNAPSHOT_EVERY): the last change is the tail's last command.
    expect(SNAPSHOT_EVERY).toBeGreaterThan(30);
    expect(stored.updatedAt).toBe(5_029);
  });

  it('a purge leaves nothing of the session, and resolves only once the WAL is truncated', async () => {
    const store = newStore();
    const a = storedSession('sess-bbbbb');
    await store.createSession(a, []);
    await store.appendMany([logEntry(a, 1), logEntry(a, 2)]);
    expect(fs.statSync(`${store.file}-wal`).size).toBeGreaterThan(0);
    await store.purgeSession(a.id, Date.now());
    expect(await loaded(store)).toEqual([]);
    expect(fs.statSync(`${store.file}-wal`).size).toBe(0);
  });

  it('stops at the first failed commit: that batch and every later one is refused, never acknowledged', async () => {
    const store = newStore();
    const a = storedSession('sess-ccccc');
    await store.createSession(a, []);
    await store.appendMany([logEntry(a, 1)]);
    // The same (session, seq) again breaks the log's primary key: the commit fails.
    await expect(store.appendMany([logEntry(a, 1)])).rejects.toThrow(/could not commit/);
    await expect(store.appendMany([logEntry(a, 2)])).rejects.toThrow(/could not commit/);
    expect((await loaded(store))[0]).toMatchObject({ logged: [['fac-00001', `cmd-${a.id}-1`, 1]] });
  });
});

describe('the log on disk', () => {
  /** An item edit of a thousand characters: the largest command a participant can send. */
  function bigEntry(state: SessionState, seq: number): AppendEntry {
    const command = { type: 'item.edit', id: `cmd-${seq}`, itemId: 'item-00001', text: 'x'.repeat(1000) };
    return { ...logEntry(state, seq), command: command as AnyCommand, commandId: command.id };
  }

  it('keeps a command of 1 KB in the table pages, not an overflow page each (under 2 KB on disk)', async () => {
    const store = newStore();
    const a = storedSession('sess-fffff');
    await store.createSession(a, []);
    for (let i = 1; i <= 2000; i += 100)
      await store.appendMany(Array.from({ length: 100 }, (_, k) => bigEntry(a, i + k)));
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    // In the WITHOUT ROWID layout (2) this was 4.8 KB: one 4 KB overflow page per command.
    expect(fs.statSync(store.file).size / 2000).toBeLessThan(2000);
  });

  it('migrates a log kept WITHOUT ROWID (layout 2) to the rowid table, every command kept in order', async () => {
    const dataDir = tempDataDir();
    const store = newStore(dataDir);
    const a = storedSession('sess-ggggg');
    await store.createSession(a, []);
    for (let i = 1; i <= 120; i++) await store.appendMany([bigEntry(a, i)]);
    const before = await loaded(store);
    // Rewrite the log as layout 2 kept it.
    store.db.exec(`CREATE TABLE old (session_id TEXT NOT NULL, seq INTEGER NOT NULL, command_id TEXT NOT NULL,
        actor_id TEXT, actor_role TEXT, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
      INSERT INTO old SELECT * FROM commands; DROP TABLE commands; ALTER TABLE old RENAME TO commands;
      CREATE UNIQUE INDEX commands_dedupe ON commands (session_id, actor_id, command_id);
      UPDATE meta SET value = '2' WHERE key = 'schema';`);
    await store.close();
    open.length = 0;

    const again = newStore(dataDir);
    expect(again.db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe('3');
    const sql = again.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'commands'").pluck().get() as string;
    expect(sql).not.toMatch(/WITHOUT ROWID/);
    expect(await loaded(again)).toEqual(before);
    // The retry index came back with the table.
    await expect(again.appendMany([{ ...bigEntry(a, 121), commandId: 'cmd-5' }])).rejects.toThrow(/could not commit/);
  });
});

describe('checkpoints', () => {
  it("run on the checkpointer's thread as commits add up, not at the end of a commit", async () => {
    const store = newStore();
    const a = storedSession('sess-ddddd');
    await store.createSession(a, []);
    const dbBytes = () => fs.statSync(store.file).size;
    for (let i = 1; i < 100; i++) await store.appendMany([logEntry(a, i)]);
    await store.drain();
    // 99 commits: no checkpoint yet, so the database file has not grown (the commands are in the WAL).
    const before = dbBytes();
    await store.appendMany([logEntry(a, 100)]);
    await store.drain();
    expect(dbBytes()).toBeGreaterThan(before);
  });

  it('are taken over by the main connection if the checkpointer stops: commits go on and a purge still truncates', async () => {
    const store = newStore();
    const a = storedSession('sess-eeeee');
    await store.createSession(a, []);
    // The thread is private on purpose; the test reaches in to kill it, as a crash in it would.
    await (
      store as unknown as { checkpointer: { worker: { terminate(): Promise<number> } } }
    ).checkpointer.worker.terminate();
    await store.appendMany([logEntry(a, 1)]);
    await store.purgeSession(a.id, Date.now());
    expect(fs.statSync(`${store.file}-wal`).size).toBe(0);
    expect(await loaded(store)).toEqual([]);
  });
});

describe('closing', () => {
  it('close() finishes in a process with nothing else running (the idle checkpointer thread holds nothing open)', () => {
    // In a process of its own: here, vitest's handles would keep a stuck close alive and hide it.
    const script = `
      const { SqliteStore } = await import('./server/store/sqliteStore.ts');
      const store = new SqliteStore(${JSON.stringify(tempDataDir())});
      await store.close();
      console.log('closed');
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stdout.trim()).toBe('closed');
    expect(run.status).toBe(0);
  });
});
