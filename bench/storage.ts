/**
 * Bytes on disk per accepted command (issue 19): the command log as layout 2 kept it (WITHOUT
 * ROWID, where a row over about 1 KB took an overflow page of its own) and as it is kept now (a
 * rowid table), for the largest command a phone can send (an item of 1,000 characters) and for a
 * typical one. Both are written through the store itself, with its snapshots, in one run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SNAPSHOT_EVERY } from '../server/store/schema.js';
import { type AppendEntry, SqliteStore } from '../server/store/sqliteStore.js';
import type { AnyCommand } from '../shared/commands.js';
import { createSessionState } from '../shared/state.js';

export interface StorageResult {
  layout: string;
  command: string;
  commands: number;
  bytesPerCommand: number;
}

/** Rebuilds the log's table as layout 2 had it. */
const LAYOUT_2 = `CREATE TABLE old (session_id TEXT NOT NULL, seq INTEGER NOT NULL, command_id TEXT NOT NULL,
    actor_id TEXT, actor_role TEXT, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
  DROP TABLE commands; ALTER TABLE old RENAME TO commands;
  CREATE UNIQUE INDEX commands_dedupe ON commands (session_id, actor_id, command_id);`;

async function measure(layout: 2 | 3, text: string, commands: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groupmap-bench-storage-'));
  const store = new SqliteStore(dir, { durability: 'normal' });
  try {
    if (layout === 2) store.db.exec(LAYOUT_2);
    const state = createSessionState(
      {
        id: 'bench-session-0001',
        title: 'Bench',
        joinCode: 'BENCH1',
        facilitator: { id: 'fac-00001', name: 'F' },
        newToMethod: false,
        durations: {},
        retentionDays: 14,
      },
      1,
    );
    await store.createSession(state, []);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const empty = fs.statSync(store.file).size;
    for (let seq = 1; seq <= commands; seq += SNAPSHOT_EVERY) {
      const batch: AppendEntry[] = [];
      for (let k = 0; k < SNAPSHOT_EVERY; k++) {
        const command = { type: 'item.edit', id: `cmd-${seq + k}-xxxxxxxx`, itemId: 'item-000000001', text };
        batch.push({
          sessionId: state.id,
          seq: seq + k,
          commandId: command.id,
          actorId: 'participant-000001',
          actorRole: 'participant',
          at: seq + k,
          command: command as AnyCommand,
          stateAfter: state,
        });
      }
      await store.appendMany(batch);
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return Math.round((fs.statSync(store.file).size - empty) / commands);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureStorage(commands = 5000): Promise<StorageResult[]> {
  const results: StorageResult[] = [];
  for (const [command, text] of [
    ['item of 1,000 characters', 'x'.repeat(1000)],
    ['item of 120 characters', 'x'.repeat(120)],
  ] as const) {
    for (const layout of [2, 3] as const) {
      results.push({
        layout: layout === 2 ? 'WITHOUT ROWID (layout 2, before)' : 'rowid table (layout 3, now)',
        command,
        commands,
        bytesPerCommand: await measure(layout, text, commands),
      });
    }
  }
  return results;
}
