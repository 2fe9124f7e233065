/**
 * The store's tables and the connection settings, shared by the two connections to one file:
 * the main thread's, which makes every read and write, and the checkpointer's (checkpointer.ts).
 */
import Database from 'better-sqlite3';
import type { Role } from '../../shared/roles.js';

export { SNAPSHOT_EVERY } from './rows.js';

/**
 * The tables' layout version, kept in `meta` (migrations.ts brings older files up to it).
 * Boards live in their own file since 2 (boardTables.ts); the command log is a rowid table since 3.
 */
export const STORE_SCHEMA_VERSION = 3;

export type Durability = 'full' | 'normal';

/** The command log's table (also made by the migration to layout 3, under another name). */
export const COMMANDS_TABLE = (name: string) => `CREATE TABLE IF NOT EXISTS ${name} (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  command_id TEXT NOT NULL,
  actor_id TEXT,
  actor_role TEXT,
  at INTEGER NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (session_id, seq)
);`;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  join_code TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  snapshot_seq INTEGER NOT NULL,
  snapshot TEXT NOT NULL
);
-- A rowid table, not WITHOUT ROWID: there a row over about 1 KB (an item of a thousand
-- characters) spilled into an overflow page of its own, 4.8 KB on disk per such command; here
-- rows are packed into the table's pages, 1.5 KB (bench: "storage").
${COMMANDS_TABLE('commands')}
CREATE UNIQUE INDEX IF NOT EXISTS commands_dedupe ON commands (session_id, actor_id, command_id);
CREATE TABLE IF NOT EXISTS credentials (
  hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  role TEXT NOT NULL,
  member_id TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS credentials_session ON credentials (session_id);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  event TEXT NOT NULL,
  role TEXT,
  member_id TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_session ON audit (session_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- What became of codes and links that no longer work: a session's join code and its invitation
-- hashes once it is purged ('purged'), links replaced by new ones ('revoked'). Nothing of the
-- content, so someone arriving with them is told what happened rather than that they mistyped.
CREATE TABLE IF NOT EXISTS tombstones (
  key TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tombstones_session ON tombstones (session_id);
`;

/** Opens a connection with the settings every connection to the store needs. */
export function openDatabase(file: string, durability: Durability): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  // A TRUNCATE checkpoint (after a purge) waits for the main thread's commits, and they for it.
  db.pragma('busy_timeout = 5000');
  return db;
}

/** How many problems SQLite's quick_check finds in a file (0 when it says "ok"); never their text, which can quote rows. */
export function quickCheckProblems(db: Database.Database): number {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  return rows.length === 1 && rows[0]!.quick_check === 'ok' ? 0 : rows.length;
}

export interface AuditEntry {
  sessionId: string;
  at: number;
  event: string;
  role?: string | null;
  memberId?: string | null;
  /** A fixed word or flag ("on", "pdf", "retention"), or the identity provider's opaque subject of who signed in; never text anyone typed. */
  detail?: string | null;
}

export interface CredentialRow {
  hash: string;
  sessionId: string;
  kind: 'member' | 'invite';
  role: Role;
  memberId: string | null;
}

/** One accepted command as the log stores it, encoded. */
export interface LogRow {
  sessionId: string;
  seq: number;
  commandId: string;
  actorId: string | null;
  actorRole: Role | null;
  at: number;
  body: string;
  /** The state after this command, when this command takes the session's snapshot. */
  snapshot: { status: string; json: string } | null;
  credential?: CredentialRow;
  revokeMember?: string;
  audit?: AuditEntry;
}

/** The log's writes, prepared on the store's connection. */
export function prepareLogWrites(db: Database.Database) {
  const insertCommand = db.prepare(
    `INSERT INTO commands (session_id, seq, command_id, actor_id, actor_role, at, body)
     VALUES (@sessionId, @seq, @commandId, @actorId, @actorRole, @at, @body)`,
  );
  const snapshot = db.prepare(
    `UPDATE sessions SET seq = @seq, snapshot_seq = @seq, snapshot = @snapshot, status = @status, updated_at = @at
     WHERE id = @id`,
  );
  const insertCredential = db.prepare(
    'INSERT INTO credentials (hash, session_id, kind, role, member_id) VALUES (?, ?, ?, ?, ?)',
  );
  const appendAudit = db.prepare(
    'INSERT INTO audit (session_id, at, event, role, member_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const deleteCommands = db.prepare('DELETE FROM commands WHERE session_id = ?');
  const deleteCredentials = db.prepare('DELETE FROM credentials WHERE session_id = ?');
  const deleteMemberCredentials = db.prepare('DELETE FROM credentials WHERE session_id = ? AND member_id = ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id = ?');
  // Only what is ever looked up: the code, and the invitation links (members' own tokens are not).
  const tombstoneKeys = db
    .prepare(
      `SELECT 'code:' || join_code FROM sessions WHERE id = ?
       UNION ALL SELECT 'link:' || hash FROM credentials WHERE session_id = ? AND kind = 'invite'`,
    )
    .pluck();
  const tombstone = db.prepare(
    "INSERT OR REPLACE INTO tombstones (key, session_id, kind, at) VALUES (?, ?, 'purged', ?)",
  );
  // Links replaced before the purge now say the session is gone, not that they were replaced.
  const purgeRevoked = db.prepare("UPDATE tombstones SET kind = 'purged', at = ? WHERE session_id = ?");
  const audit = (entry: AuditEntry) =>
    appendAudit.run(
      entry.sessionId,
      entry.at,
      entry.event,
      entry.role ?? null,
      entry.memberId ?? null,
      entry.detail ?? null,
    );
  const credential = (c: CredentialRow) => insertCredential.run(c.hash, c.sessionId, c.kind, c.role, c.memberId);

  const revokeInvites = db.prepare(
    `INSERT OR REPLACE INTO tombstones (key, session_id, kind, at)
       SELECT 'link:' || hash, session_id, 'revoked', ? FROM credentials WHERE session_id = ? AND kind = 'invite'`,
  );
  const deleteInvites = db.prepare("DELETE FROM credentials WHERE session_id = ? AND kind = 'invite'");

  return {
    audit,
    credential,
    /** New invitation links for a session; the old ones stop working and are remembered as replaced. */
    replaceInvites: db.transaction((sessionId: string, invites: CredentialRow[], at: number, entry?: AuditEntry) => {
      revokeInvites.run(at, sessionId);
      deleteInvites.run(sessionId);
      for (const c of invites) credential(c);
      if (entry) audit(entry);
    }),
    /** Appends commands (with any credential a join brings and any audit line) in one transaction. */
    appendMany: db.transaction((rows: LogRow[]) => {
      for (const row of rows) {
        insertCommand.run({
          sessionId: row.sessionId,
          seq: row.seq,
          commandId: row.commandId,
          actorId: row.actorId,
          actorRole: row.actorRole,
          at: row.at,
          body: row.body,
        });
        if (row.credential) credential(row.credential);
        if (row.revokeMember) deleteMemberCredentials.run(row.sessionId, row.revokeMember);
        // The sessions row changes only with a snapshot: it holds the whole state, and rewriting
        // it per command (to bump seq) cost more than the command. Between snapshots, seq and
        // updated_at are read back from the log's tail on restore.
        if (row.snapshot) {
          snapshot.run({
            id: row.sessionId,
            seq: row.seq,
            status: row.snapshot.status,
            at: row.at,
            snapshot: row.snapshot.json,
          });
        }
        if (row.audit) audit(row.audit);
      }
    }),
    /**
     * Deletes a session's rows, zeroed as they go (secure_delete). Their old page images stay in
     * the WAL until it is truncated: the store asks for that (SqliteStore.purgeSession).
     */
    purge: db.transaction((sessionId: string, at: number, entry?: AuditEntry) => {
      // Deletes first, so that on a full store the few rows written after fit in the pages they freed.
      const keys = tombstoneKeys.all(sessionId, sessionId) as string[];
      deleteCommands.run(sessionId);
      deleteCredentials.run(sessionId);
      deleteSession.run(sessionId);
      purgeRevoked.run(at, sessionId);
      for (const key of keys) tombstone.run(key, sessionId, at);
      if (entry) audit(entry);
    }),
  };
}

export type LogWrites = ReturnType<typeof prepareLogWrites>;
