/**
 * The embedded default store: one SQLite file, nothing to install.
 *
 * - `commands` is an append-only log of accepted commands, with the time they were applied.
 * - `sessions` holds a snapshot of each session's state every SNAPSHOT_EVERY commands.
 * - A restart loads each snapshot and replays the commands after it through the machine.
 * - `credentials` maps hashes of tokens and invitation secrets to members and roles; raw tokens
 *   are never stored.
 * Writes are synchronous transactions: a command is on disk before it is acknowledged.
 * secure_delete zeroes purged rows so a purged session leaves nothing in the file.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { AnyCommand } from '../../shared/commands.js';
import type { Role } from '../../shared/roles.js';
import type { SessionState } from '../../shared/state.js';

export const SNAPSHOT_EVERY = 50;

export interface LoggedCommand {
  seq: number;
  actorId: string | null;
  actorRole: Role | null;
  at: number;
  command: AnyCommand;
}

export interface StoredSession {
  snapshot: SessionState;
  snapshotSeq: number;
  seq: number;
  tail: LoggedCommand[];
}

export interface Credential {
  sessionId: string;
  kind: 'member' | 'invite';
  role: Role;
  memberId: string | null;
}

export interface AppendEntry {
  sessionId: string;
  seq: number;
  commandId: string;
  actorId: string | null;
  actorRole: Role | null;
  at: number;
  command: AnyCommand;
  stateAfter: SessionState;
  forceSnapshot?: boolean;
  credential?: { hash: string } & Credential;
  audit?: AuditEntry;
}

export interface AuditEntry {
  sessionId: string;
  at: number;
  event: string;
  role?: string | null;
  memberId?: string | null;
  /** A fixed word or flag ("on", "pdf", "retention"), never text anyone typed. */
  detail?: string | null;
}

export interface StoreOptions {
  /** 'full' syncs every commit to disk (survives power loss); 'normal' survives a process crash. */
  durability?: 'full' | 'normal';
}

const SCHEMA = `
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
CREATE TABLE IF NOT EXISTS commands (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  command_id TEXT NOT NULL,
  actor_id TEXT,
  actor_role TEXT,
  at INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS commands_dedupe ON commands (session_id, actor_id, command_id);
CREATE TABLE IF NOT EXISTS credentials (
  hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  role TEXT NOT NULL,
  member_id TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS credentials_session ON credentials (session_id);
CREATE TABLE IF NOT EXISTS boards (
  session_id TEXT PRIMARY KEY,
  snapshot TEXT NOT NULL,
  image BLOB,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
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
`;

export class SqliteStore {
  readonly db: Database.Database;
  readonly file: string;
  private readonly stmt;

  constructor(dataDir: string, options: StoreOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = path.join(dataDir, 'groupmap.db');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('secure_delete = ON');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '1')").run();
    this.stmt = {
      insertSession: this.db.prepare(
        `INSERT INTO sessions (id, join_code, status, created_at, updated_at, seq, snapshot_seq, snapshot)
         VALUES (@id, @joinCode, @status, @now, @now, 0, 0, @snapshot)`,
      ),
      codeTaken: this.db.prepare('SELECT 1 FROM sessions WHERE join_code = ?'),
      sessionByCode: this.db.prepare('SELECT id FROM sessions WHERE join_code = ?'),
      insertCommand: this.db.prepare(
        `INSERT INTO commands (session_id, seq, command_id, actor_id, actor_role, at, body)
         VALUES (@sessionId, @seq, @commandId, @actorId, @actorRole, @at, @body)`,
      ),
      findCommand: this.db.prepare('SELECT seq FROM commands WHERE session_id = ? AND actor_id IS ? AND command_id = ?'),
      bumpSeq: this.db.prepare('UPDATE sessions SET seq = @seq, status = @status, updated_at = @at WHERE id = @id'),
      snapshot: this.db.prepare(
        `UPDATE sessions SET seq = @seq, snapshot_seq = @seq, snapshot = @snapshot, status = @status, updated_at = @at
         WHERE id = @id`,
      ),
      allSessions: this.db.prepare('SELECT id, seq, snapshot_seq, snapshot, updated_at FROM sessions ORDER BY created_at'),
      appendAudit: this.db.prepare('INSERT INTO audit (session_id, at, event, role, member_id, detail) VALUES (?, ?, ?, ?, ?, ?)'),
      audit: this.db.prepare('SELECT at, event, role, member_id, detail FROM audit WHERE session_id = ? ORDER BY id'),
      tail: this.db.prepare(
        'SELECT seq, actor_id, actor_role, at, body FROM commands WHERE session_id = ? AND seq > ? ORDER BY seq',
      ),
      insertCredential: this.db.prepare(
        'INSERT INTO credentials (hash, session_id, kind, role, member_id) VALUES (?, ?, ?, ?, ?)',
      ),
      credential: this.db.prepare('SELECT session_id, kind, role, member_id FROM credentials WHERE hash = ?'),
      deleteCommands: this.db.prepare('DELETE FROM commands WHERE session_id = ?'),
      deleteCredentials: this.db.prepare('DELETE FROM credentials WHERE session_id = ?'),
      deleteSession: this.db.prepare('DELETE FROM sessions WHERE id = ?'),
      saveBoard: this.db.prepare(
        `INSERT INTO boards (session_id, snapshot, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
      ),
      loadBoard: this.db.prepare('SELECT snapshot FROM boards WHERE session_id = ?'),
      saveBoardImage: this.db.prepare('UPDATE boards SET image = ?, updated_at = ? WHERE session_id = ?'),
      loadBoardImage: this.db.prepare('SELECT image FROM boards WHERE session_id = ? AND image IS NOT NULL'),
      deleteBoard: this.db.prepare('DELETE FROM boards WHERE session_id = ?'),
    };
  }

  isJoinCodeTaken(code: string): boolean {
    return this.stmt.codeTaken.get(code) !== undefined;
  }

  sessionIdByJoinCode(code: string): string | null {
    const row = this.stmt.sessionByCode.get(code) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** A new session with its first snapshot and its credentials, in one transaction. */
  createSession(state: SessionState, credentials: Array<{ hash: string } & Credential>): void {
    this.db.transaction(() => {
      this.stmt.insertSession.run({
        id: state.id,
        joinCode: state.joinCode,
        status: state.status,
        now: state.createdAt,
        snapshot: JSON.stringify(state),
      });
      for (const c of credentials) this.addCredentialUnsafe(c);
    })();
  }

  /** Sequence number of an already-logged command from this actor with this client id. */
  findCommand(sessionId: string, actorId: string | null, commandId: string): number | null {
    const row = this.stmt.findCommand.get(sessionId, actorId, commandId) as { seq: number } | undefined;
    return row?.seq ?? null;
  }

  /**
   * Appends accepted commands (with any credential a join brings and any audit line) and, every
   * SNAPSHOT_EVERY commands or when asked, the state after one. One transaction for the lot:
   * returns once it is committed.
   */
  appendMany(entries: AppendEntry[]): void {
    this.db.transaction(() => {
      for (const entry of entries) this.appendOne(entry);
    })();
  }

  private appendOne(entry: AppendEntry): void {
    this.stmt.insertCommand.run({
      sessionId: entry.sessionId,
      seq: entry.seq,
      commandId: entry.commandId,
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      at: entry.at,
      body: JSON.stringify(entry.command),
    });
    if (entry.credential) this.addCredentialUnsafe(entry.credential);
    const row = { id: entry.sessionId, seq: entry.seq, status: entry.stateAfter.status, at: entry.at };
    if (entry.forceSnapshot || entry.seq % SNAPSHOT_EVERY === 0) {
      this.stmt.snapshot.run({ ...row, snapshot: JSON.stringify(entry.stateAfter) });
    } else {
      this.stmt.bumpSeq.run(row);
    }
    if (entry.audit) this.appendAudit(entry.audit);
  }

  private addCredentialUnsafe(c: { hash: string } & Credential): void {
    this.stmt.insertCredential.run(c.hash, c.sessionId, c.kind, c.role, c.memberId);
  }

  credential(hash: string): Credential | null {
    const row = this.stmt.credential.get(hash) as
      | { session_id: string; kind: 'member' | 'invite'; role: Role; member_id: string | null }
      | undefined;
    if (!row) return null;
    return { sessionId: row.session_id, kind: row.kind, role: row.role, memberId: row.member_id };
  }

  /** Every stored session: its last snapshot and the commands logged after it. */
  *loadAll(): Generator<StoredSession & { id: string; updatedAt: number }> {
    const rows = this.stmt.allSessions.all() as Array<{ id: string; seq: number; snapshot_seq: number; snapshot: string; updated_at: number }>;
    for (const row of rows) {
      const tail = (
        this.stmt.tail.all(row.id, row.snapshot_seq) as Array<{
          seq: number;
          actor_id: string | null;
          actor_role: Role | null;
          at: number;
          body: string;
        }>
      ).map((c) => ({ seq: c.seq, actorId: c.actor_id, actorRole: c.actor_role, at: c.at, command: JSON.parse(c.body) }));
      yield { id: row.id, snapshot: JSON.parse(row.snapshot), snapshotSeq: row.snapshot_seq, seq: row.seq, tail, updatedAt: row.updated_at };
    }
  }

  /**
   * Removes every trace of a session: rows are zeroed on delete (secure_delete) and the WAL is
   * checkpointed and truncated so old page images do not linger beside the database.
   */
  purgeSession(sessionId: string): void {
    this.db.transaction(() => {
      this.stmt.deleteCommands.run(sessionId);
      this.stmt.deleteCredentials.run(sessionId);
      this.stmt.deleteSession.run(sessionId);
      this.stmt.deleteBoard.run(sessionId);
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * The audit trail: who joined in which role, switches the facilitator flipped, exports, ends and
   * purges. Never content: the caller passes ids, roles and short fixed words only. It outlives a
   * purge on purpose, so a purge itself stays on record.
   */
  appendAudit(entry: AuditEntry): void {
    this.stmt.appendAudit.run(entry.sessionId, entry.at, entry.event, entry.role ?? null, entry.memberId ?? null, entry.detail ?? null);
  }

  audit(sessionId: string): Array<Omit<AuditEntry, 'sessionId'>> {
    return (this.stmt.audit.all(sessionId) as Array<{ at: number; event: string; role: string | null; member_id: string | null; detail: string | null }>).map((r) => ({
      at: r.at,
      event: r.event,
      role: r.role,
      memberId: r.member_id,
      detail: r.detail,
    }));
  }

  /** The board's tldraw room snapshot (JSON), written after each burst of drawing. */
  saveBoard(sessionId: string, snapshot: string): void {
    this.stmt.saveBoard.run(sessionId, snapshot, Date.now());
  }

  loadBoard(sessionId: string): string | null {
    const row = this.stmt.loadBoard.get(sessionId) as { snapshot: string } | undefined;
    return row?.snapshot ?? null;
  }

  /** The board as a PNG, exported by the facilitator's browser, for the pack. */
  saveBoardImage(sessionId: string, png: Buffer): boolean {
    return this.stmt.saveBoardImage.run(png, Date.now(), sessionId).changes > 0;
  }

  loadBoardImage(sessionId: string): Buffer | null {
    const row = this.stmt.loadBoardImage.get(sessionId) as { image: Buffer } | undefined;
    return row?.image ?? null;
  }

  close(): void {
    this.db.close();
  }
}
