/**
 * Brings a store written by an older groupmap up to STORE_SCHEMA_VERSION, one step at a time,
 * each in a transaction with its version bump, so a crash mid-way leaves the file at a version
 * this code still knows how to migrate (a step that writes another file first is repeatable).
 * A file newer than this code is refused.
 */
import type Database from 'better-sqlite3';
import { openBoardsDatabase, prepareBoardTables } from './boardTables.js';
import { COMMANDS_TABLE, SCHEMA, STORE_SCHEMA_VERSION } from './schema.js';

interface Context {
  /** The boards' own file (boardTables.ts). */
  boardsFile: string;
}

/**
 * Version 1 kept each board as one JSON snapshot of tldraw's room, in this file; version 2 keeps
 * a row per record in the boards' own file. Rewriting a board there replaces whatever an
 * interrupted run of this step left of it.
 */
function boardsAsRecords(db: Database.Database, { boardsFile }: Context): void {
  const boards = openBoardsDatabase(boardsFile, 'full');
  try {
    const tables = prepareBoardTables(boards);
    const setImage = boards.prepare('UPDATE boards SET image = ? WHERE session_id = ?');
    const read = db.prepare('SELECT snapshot, image, updated_at FROM boards WHERE session_id = ?');
    // One board in memory at a time.
    for (const sessionId of db.prepare('SELECT session_id FROM boards').pluck().all() as string[]) {
      const row = read.get(sessionId) as { snapshot: string; image: Buffer | null; updated_at: number };
      const snapshot = JSON.parse(row.snapshot) as {
        clock?: number;
        documentClock?: number;
        schema: unknown;
        documents: Array<{ state: { id: string }; lastChangedClock: number }>;
      };
      const documentClock = snapshot.documentClock ?? snapshot.clock ?? 0;
      boards.transaction(() => {
        tables.save(
          [
            {
              sessionId,
              documentClock,
              schema: JSON.stringify(snapshot.schema),
              wipeAll: true,
              deletes: [],
              puts: snapshot.documents.map((d) => ({
                id: d.state.id,
                state: JSON.stringify(d.state),
                lastChangedClock: d.lastChangedClock,
              })),
            },
          ],
          row.updated_at,
        );
        if (row.image) setImage.run(row.image, sessionId);
      })();
    }
  } finally {
    boards.close();
  }
  db.exec('DROP TABLE boards');
}

/**
 * Version 2 kept the command log WITHOUT ROWID, where a command over about 1 KB took an overflow
 * page of its own; version 3 keeps it in a rowid table (schema.ts). Its indexes are made again by
 * SCHEMA after the steps.
 */
function commandsInRowidTable(db: Database.Database): void {
  db.exec(COMMANDS_TABLE('commands_v3'));
  db.exec(`INSERT INTO commands_v3 (session_id, seq, command_id, actor_id, actor_role, at, body)
    SELECT session_id, seq, command_id, actor_id, actor_role, at, body FROM commands ORDER BY session_id, seq`);
  db.exec('DROP TABLE commands');
  db.exec('ALTER TABLE commands_v3 RENAME TO commands');
}

/** Step n takes a store from version n to n + 1. */
const STEPS: Record<number, (db: Database.Database, context: Context) => void> = {
  1: boardsAsRecords,
  2: commandsInRowidTable,
};

/** Creates the tables of a new store, or migrates an older one; returns the version it found. */
export function migrate(db: Database.Database, context: Context): number | null {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
  const found = hasMeta
    ? Number(
        (db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: string } | undefined)?.value ?? 1,
      )
    : null;
  if (found !== null && found > STORE_SCHEMA_VERSION) {
    throw new Error(
      `the store was written by a newer groupmap (layout ${found}; this one knows up to ${STORE_SCHEMA_VERSION}): upgrade groupmap`,
    );
  }
  for (let version = found ?? STORE_SCHEMA_VERSION; version < STORE_SCHEMA_VERSION; version++) {
    db.transaction(() => {
      STEPS[version]!(db, context);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").run(String(version + 1));
    })();
  }
  db.exec(SCHEMA);
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)").run(String(STORE_SCHEMA_VERSION));
  return found;
}
