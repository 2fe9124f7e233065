/**
 * The boards' file (`boards.db`, beside the command log's `groupmap.db`): one row per board (its
 * document clock and tldraw schema), one row per tldraw record, and one PNG per page of the board
 * the pack prints (the genogram, each column of the map, a tall column over several pages; a board
 * saved before that has one picture),
 * so that a change to one shape writes that shape and nothing else (as tldraw's own SQLite
 * storage does), however large the board has grown. Deleted records are deleted; a board
 * reloaded from here starts its tombstone history at its clock, so a client that was away longer
 * than the room was loaded is sent the whole board.
 *
 * A file of its own because its one connection lives on the board store's thread: SQLite lets
 * one writer at a time into a file, and a command commit on the main thread must never wait for
 * a board's write.
 */
import Database from 'better-sqlite3';
import { parseBoardImageName } from '../../shared/board/printPages.js';
import type { Durability } from './schema.js';

export const BOARDS_FILE = 'boards.db';

const BOARD_SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  session_id TEXT PRIMARY KEY,
  document_clock INTEGER NOT NULL,
  schema TEXT NOT NULL,
  image BLOB,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS board_images (
  session_id TEXT NOT NULL,
  part TEXT NOT NULL,
  png BLOB NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, part)
);
CREATE TABLE IF NOT EXISTS board_records (
  session_id TEXT NOT NULL,
  id TEXT NOT NULL,
  state TEXT NOT NULL,
  last_changed_clock INTEGER NOT NULL,
  PRIMARY KEY (session_id, id)
);
`;

export interface StoredBoard {
  documentClock: number;
  /** tldraw's serialized schema, as JSON. */
  schema: string;
  records: Array<{ state: string; lastChangedClock: number }>;
}

/** What changed on one board since it was last saved. */
export interface BoardChanges {
  sessionId: string;
  documentClock: number;
  /** Records put since the last save, each as JSON. */
  puts: Array<{ id: string; state: string; lastChangedClock: number }>;
  deletes: string[];
  /** The puts are the whole board: rows not among them go. */
  wipeAll: boolean;
  /** A new schema (a new board, or one tldraw migrated on load), as JSON. */
  schema?: string;
}

/** Opens the boards' file with the settings the command log's file has, and its tables. */
export function openBoardsDatabase(file: string, durability: Durability): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('secure_delete = ON');
  db.exec(BOARD_SCHEMA);
  return db;
}

export function prepareBoardTables(db: Database.Database) {
  const board = db.prepare('SELECT document_clock, schema FROM boards WHERE session_id = ?');
  const records = db.prepare('SELECT state, last_changed_clock FROM board_records WHERE session_id = ?').raw();
  const upsertBoard = db.prepare(
    `INSERT INTO boards (session_id, document_clock, schema, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET document_clock = excluded.document_clock, schema = excluded.schema, updated_at = excluded.updated_at`,
  );
  const setClock = db.prepare('UPDATE boards SET document_clock = ?, updated_at = ? WHERE session_id = ?');
  const putRecord = db.prepare(
    `INSERT INTO board_records (session_id, id, state, last_changed_clock) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id, id) DO UPDATE SET state = excluded.state, last_changed_clock = excluded.last_changed_clock`,
  );
  const deleteRecord = db.prepare('DELETE FROM board_records WHERE session_id = ? AND id = ?');
  const deleteRecords = db.prepare('DELETE FROM board_records WHERE session_id = ?');
  const deleteBoard = db.prepare('DELETE FROM boards WHERE session_id = ?');
  const hasBoard = db.prepare('SELECT 1 FROM boards WHERE session_id = ?');
  const saveImage = db.prepare(
    `INSERT INTO board_images (session_id, part, png, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id, part) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at`,
  );
  const loadImages = db.prepare('SELECT part, png FROM board_images WHERE session_id = ?');
  // A part's first page replaces the part: the pages after it are written again or were not needed.
  const deleteLaterPages = db.prepare("DELETE FROM board_images WHERE session_id = ? AND part LIKE ? || '-%'");
  const loadLegacyImage = db.prepare('SELECT image FROM boards WHERE session_id = ? AND image IS NOT NULL');
  const deleteImages = db.prepare('DELETE FROM board_images WHERE session_id = ?');

  return {
    load(sessionId: string): StoredBoard | null {
      const row = board.get(sessionId) as { document_clock: number; schema: string } | undefined;
      if (!row) return null;
      const rows = records.all(sessionId) as Array<[string, number]>;
      return {
        documentClock: row.document_clock,
        schema: row.schema,
        records: rows.map(([state, lastChangedClock]) => ({ state, lastChangedClock })),
      };
    },
    /** Every board's changes in one transaction. */
    save: db.transaction((changes: BoardChanges[], now: number) => {
      for (const c of changes) {
        if (c.schema !== undefined) upsertBoard.run(c.sessionId, c.documentClock, c.schema, now);
        else setClock.run(c.documentClock, now, c.sessionId);
        if (c.wipeAll) deleteRecords.run(c.sessionId);
        for (const id of c.deletes) deleteRecord.run(c.sessionId, id);
        for (const p of c.puts) putRecord.run(c.sessionId, p.id, p.state, p.lastChangedClock);
      }
    }),
    /** Boards whose session is no longer in the log: a purge a crash cut short, between the two files. */
    orphans: (known: ReadonlySet<string>): string[] =>
      (
        db
          .prepare(
            'SELECT session_id FROM boards UNION SELECT session_id FROM board_records UNION SELECT session_id FROM board_images',
          )
          .pluck()
          .all() as string[]
      ).filter((id) => !known.has(id)),
    /** Deletes a board, zeroed as it goes (secure_delete). */
    purge: db.transaction((sessionId: string) => {
      deleteRecords.run(sessionId);
      deleteImages.run(sessionId);
      deleteBoard.run(sessionId);
    }),
    /** `name` is a page's name (printPages.ts); false when the session has no board yet. */
    saveImage: db.transaction((sessionId: string, name: string, png: Uint8Array, now: number): boolean => {
      if (!hasBoard.get(sessionId)) return false;
      if (parseBoardImageName(name)?.page === 1) deleteLaterPages.run(sessionId, name);
      saveImage.run(sessionId, name, png, now);
      return true;
    }),
    /** Each page's picture by name; a board saved before parts had pictures gives its one picture as 'board'. */
    loadImages: (sessionId: string): Record<string, Uint8Array> => {
      const rows = loadImages.all(sessionId) as Array<{ part: string; png: Buffer }>;
      const images: Record<string, Uint8Array> = Object.fromEntries(rows.map((r) => [r.part, r.png]));
      if (rows.length === 0) {
        const legacy = (loadLegacyImage.get(sessionId) as { image: Buffer } | undefined)?.image;
        if (legacy) images.board = legacy;
      }
      return images;
    },
  };
}

export type BoardTables = ReturnType<typeof prepareBoardTables>;
