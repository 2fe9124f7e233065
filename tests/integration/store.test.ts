/**
 * The store on its own: the command log written by the writer thread (group commit, order,
 * fail-stop) and what a restart reads back from it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCommand } from '../../shared/commands.js';
import { createSessionState, type SessionState } from '../../shared/state.js';
import { SNAPSHOT_EVERY } from '../../server/store/schema.js';
import { SqliteStore, type AppendEntry } from '../../server/store/sqliteStore.js';
import { tempDataDir } from '../helpers/server.js';

const open: SqliteStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => {});
});

function newStore(dataDir = tempDataDir()): SqliteStore {
  const store = new SqliteStore(dataDir, { durability: 'normal' });
  open.push(store);
  return store;
}

function session(id: string): SessionState {
  return createSessionState({ id, title: 'Store test', joinCode: `C${id.slice(-5)}`, facilitator: { id: 'fac-00001', name: 'F' }, newToMethod: false, durations: {} }, 1_000);
}

function entry(state: SessionState, seq: number, at = 1_000 + seq): AppendEntry {
  const command = { type: 'stage.advance', id: `cmd-${state.id}-${seq}` } as AnyCommand;
  return { sessionId: state.id, seq, commandId: command.id, actorId: 'fac-00001', actorRole: 'facilitator', at, command, stateAfter: state };
}

describe('the command log', () => {
  it('appends given at once all resolve, in order, and a restart reads seq and last change from the tail', async () => {
    const dataDir = tempDataDir();
    const store = newStore(dataDir);
    const a = session('sess-aaaaa');
    store.createSession(a, []);
    // Given at once: they share commits, yet every one resolves and nothing is reordered.
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.appendMany([entry(a, i + 1, 5_000 + i)])));
    await store.close();
    open.length = 0;

    const [stored] = [...newStore(dataDir).loadAll()];
    expect(stored!.seq).toBe(30);
    expect(stored!.tail.map((c) => c.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // No snapshot was due (seq < SNAPSHOT_EVERY): the last change is the tail's last command.
    expect(SNAPSHOT_EVERY).toBeGreaterThan(30);
    expect(stored!.updatedAt).toBe(5_029);
  });

  it('a purge runs after the appends queued before it, and leaves nothing of the session', async () => {
    const store = newStore();
    const a = session('sess-bbbbb');
    store.createSession(a, []);
    const appended = store.appendMany([entry(a, 1), entry(a, 2)]);
    const purged = store.purgeSession(a.id);
    await Promise.all([appended, purged]);
    expect([...store.loadAll()]).toEqual([]);
  });

  it('stops at the first failed commit: that batch and everything after it is refused, never acknowledged', async () => {
    const store = newStore();
    const a = session('sess-ccccc');
    store.createSession(a, []);
    await store.appendMany([entry(a, 1)]);
    // The same (session, seq) again breaks the log's primary key: the commit fails.
    await expect(store.appendMany([entry(a, 1)])).rejects.toThrow(/could not commit/);
    await expect(store.appendMany([entry(a, 2)])).rejects.toThrow(/could not commit/);
    expect([...store.loadAll()][0]!.logged).toEqual([['fac-00001', `cmd-${a.id}-1`, 1]]);
  });
});

describe('closing', () => {
  it('close() finishes in a process with nothing else running (the idle writer thread holds nothing open)', () => {
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
