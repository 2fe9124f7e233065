/**
 * The embedded default store: SQLite files, nothing to install. This one, `groupmap.db`, holds the
 * sessions; the boards have their own file and thread (`boards`, see boardStore.ts).
 *
 * - `commands` is an append-only log of accepted commands, with the time they were applied.
 * - `sessions` holds a snapshot of each session's state every SNAPSHOT_EVERY commands.
 * - A restart loads each snapshot and replays the commands after it through the machine.
 * - `credentials` maps hashes of tokens and invitation secrets to members and roles; raw tokens
 *   are never stored.
 * Every write is made here, on the main thread's one connection, so there is one writer and no
 * lock to wait for. The hub commits accepted commands in batches (group commit: one transaction
 * and one fsync per turn of the event loop), and a command is on disk before it is acknowledged.
 * Checkpoints, which copy the WAL into the database file and are the slow part, run on the
 * checkpointer's thread (checkpointer.ts).
 * secure_delete zeroes purged rows so a purged session leaves nothing in the file.
 */

import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { AnyCommand } from '../../shared/commands.js';
import type { Role } from '../../shared/roles.js';
import type { SessionState } from '../../shared/state.js';
import { BoardStore } from './boardStore.js';
import { BOARDS_FILE } from './boardTables.js';
import { Checkpointer } from './checkpointer.js';
import { migrate } from './migrations.js';
import { assembleSession, type LogSpan, toLogRow } from './rows.js';
import {
  type AuditEntry,
  type Durability,
  type LogWrites,
  openDatabase,
  prepareLogWrites,
  quickCheckProblems,
} from './schema.js';
import type { SessionStore } from './store.js';
import { isDiskFull, JoinCodeTakenError, limitFileSize, StoreFullError } from './storeFull.js';

export type { BoardChanges, StoredBoard } from './boardTables.js';
export type { AuditEntry } from './schema.js';

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
  /** Every member command in the log, as [actor id, client command id, seq]: what a retry is checked against. */
  logged: Array<[string, string, number]>;
  /** Bytes of the session's logged commands: what its storage quota counts. */
  logBytes: number;
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
  /** The command as the log stores it, when the caller has encoded it already. */
  body?: string;
  stateAfter: SessionState;
  forceSnapshot?: boolean;
  credential?: { hash: string } & Credential;
  /** A member removed by this command: their credentials are deleted with it. */
  revokeMember?: string;
  audit?: AuditEntry;
  /** When the session will be deleted once this is on disk (a shared store's retention sweep reads it). */
  deletesAt?: number;
}

export interface StoreOptions {
  /** 'full' syncs every commit to disk (survives power loss); 'normal' survives a process crash. */
  durability?: Durability;
  /** Megabytes each store file may grow to (GROUPMAP_STORE_LIMIT_MB); past it, writes fail as on a full disk. */
  limitMb?: number | undefined;
}

export class SqliteStore implements SessionStore {
  readonly db: Database.Database;
  readonly file: string;
  private readonly stmt;
  private readonly writes: LogWrites;
  /** The boards, in their own file, written on their own thread (boardStore.ts). */
  readonly boards: BoardStore;
  private readonly checkpointer: Checkpointer;
  private commitsSinceCheckpoint = 0;
  /** Set by the first failed commit: the store then refuses every later one (fail-stop). */
  private failure: Error | null = null;
  /** The last write found the disk full (or the store at GROUPMAP_STORE_LIMIT_MB); cleared by the next that succeeds. */
  private logFull = false;

  constructor(dataDir: string, options: StoreOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = path.join(dataDir, 'groupmap.db');
    const durability = options.durability ?? 'full';
    this.db = openDatabase(this.file, durability);
    const boardsFile = path.join(dataDir, BOARDS_FILE);
    migrate(this.db, { boardsFile });
    limitFileSize(this.db, options.limitMb);
    this.boards = new BoardStore(boardsFile, { durability, limitMb: options.limitMb }, (err) => {
      // A board that cannot be saved is damage to the store: stop, as a failed commit does.
      this.failure ??= err;
    });
    this.stmt = {
      insertSession: this.db.prepare(
        `INSERT INTO sessions (id, join_code, status, created_at, updated_at, seq, snapshot_seq, snapshot)
         VALUES (@id, @joinCode, @status, @now, @now, 0, 0, @snapshot)`,
      ),
      codeTaken: this.db.prepare('SELECT 1 FROM sessions WHERE join_code = ?'),
      sessionByCode: this.db.prepare('SELECT id FROM sessions WHERE join_code = ?'),
      allSessions: this.db.prepare(
        'SELECT id, seq, snapshot_seq, snapshot, updated_at FROM sessions ORDER BY created_at',
      ),
      audit: this.db.prepare('SELECT at, event, role, member_id, detail FROM audit WHERE session_id = ? ORDER BY id'),
      // What the log holds of a session: it is numbered 1, 2, 3... with no gap, up to the newest.
      span: this.db.prepare(
        'SELECT count(*) AS n, coalesce(min(seq), 0) AS lo, coalesce(max(seq), 0) AS hi, coalesce(sum(length(CAST(body AS BLOB))), 0) AS bytes FROM commands WHERE session_id = ?',
      ),
      sessionIds: this.db.prepare('SELECT id FROM sessions').pluck(),
      tail: this.db.prepare(
        'SELECT seq, actor_id, actor_role, at, body FROM commands WHERE session_id = ? AND seq > ? ORDER BY seq',
      ),
      logged: this.db
        .prepare('SELECT actor_id, command_id, seq FROM commands WHERE session_id = ? AND actor_id IS NOT NULL')
        .raw(),
      credential: this.db.prepare('SELECT session_id, kind, role, member_id FROM credentials WHERE hash = ?'),
      tombstone: this.db.prepare('SELECT kind FROM tombstones WHERE key = ?').pluck(),
      forgetTombstones: this.db.prepare('DELETE FROM tombstones WHERE at < ?'),
    };
    this.writes = prepareLogWrites(this.db);
    // The checkpointer does this connection's checkpoints; SQLite's own, at the end of a commit,
    // stays only as a backstop at 10x its default size, for a checkpointer that falls behind.
    this.db.pragma(`wal_autocheckpoint = ${10 * 1000}`);
    this.checkpointer = new Checkpointer(this.file, () => {
      // Without its thread, checkpoints run here, at SQLite's default size (1,000 pages).
      this.db.pragma('wal_autocheckpoint = 1000');
    });
  }

  async sessionIdByJoinCode(code: string): Promise<string | null> {
    const row = this.stmt.sessionByCode.get(code) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** A new session with its first snapshot, its credentials and its audit line, in one transaction. */
  async createSession(
    state: SessionState,
    credentials: Array<{ hash: string } & Credential>,
    audit?: AuditEntry,
  ): Promise<void> {
    if (this.stmt.codeTaken.get(state.joinCode) !== undefined) throw new JoinCodeTakenError();
    this.write(() =>
      this.db.transaction(() => {
        this.stmt.insertSession.run({
          id: state.id,
          joinCode: state.joinCode,
          status: state.status,
          now: state.createdAt,
          snapshot: JSON.stringify(state),
        });
        for (const c of credentials) this.writes.credential(c);
        if (audit) this.writes.audit(audit);
      })(),
    );
  }

  /**
   * Appends accepted commands (with any credential a join brings and any audit line) and, every
   * SNAPSHOT_EVERY commands or when asked, the state after one, in one transaction. Returns once
   * it is committed (synced to disk with durability 'full'). Fail-stop: once a commit has failed,
   * every later one is refused too, so nothing after a lost batch can be acknowledged.
   */
  async appendMany(entries: AppendEntry[]): Promise<void> {
    this.write(() => this.writes.appendMany(entries.map(toLogRow)));
    if (++this.commitsSinceCheckpoint >= CHECKPOINT_EVERY) {
      this.commitsSinceCheckpoint = 0;
      this.checkpointer.checkpoint();
    }
  }

  /** Whether the last write to either file found the disk full: health says degraded. */
  get diskFull(): boolean {
    return this.logFull || this.boards.diskFull;
  }

  /**
   * Runs one write transaction. A full disk is not damage: SQLite rolled the transaction back and
   * the file is as it was, so that write is refused (StoreFullError) and later ones are tried.
   * Any other failure is: the store stops (fail-stop), and nothing after it is acknowledged.
   */
  private write<T>(transaction: () => T): T {
    if (this.failure) throw this.failure;
    try {
      const result = transaction();
      this.logFull = false;
      return result;
    } catch (err) {
      if (isDiskFull(err)) {
        this.logFull = true;
        throw new StoreFullError();
      }
      // SQLite's messages name tables and constraints, never the values written.
      this.failure = new Error(`the store could not commit: ${(err as Error).message}`);
      throw this.failure;
    }
  }

  async credential(hash: string): Promise<Credential | null> {
    const row = this.stmt.credential.get(hash) as
      | { session_id: string; kind: 'member' | 'invite'; role: Role; member_id: string | null }
      | undefined;
    if (!row) return null;
    return { sessionId: row.session_id, kind: row.kind, role: row.role, memberId: row.member_id };
  }

  /** Every stored session: its last snapshot and the commands logged after it. */
  async *loadAll(): AsyncGenerator<(StoredSession & { id: string; updatedAt: number }) | DamagedSession> {
    const rows = this.stmt.allSessions.all() as Array<{
      id: string;
      seq: number;
      snapshot_seq: number;
      snapshot: string;
      updated_at: number;
    }>;
    for (const row of rows) {
      const commands = this.stmt.tail.all(row.id, row.snapshot_seq) as Array<{
        seq: number;
        actor_id: string | null;
        actor_role: Role | null;
        at: number;
        body: string;
      }>;
      yield assembleSession(
        { id: row.id, seq: row.seq, snapshotSeq: row.snapshot_seq, snapshot: row.snapshot, updatedAt: row.updated_at },
        commands.map((c) => ({ seq: c.seq, actorId: c.actor_id, actorRole: c.actor_role, at: c.at, body: c.body })),
        this.stmt.span.get(row.id) as LogSpan,
        () => this.stmt.logged.all(row.id) as Array<[string, string, number]>,
      );
    }
  }

  /**
   * Removes every trace of a session: its rows are deleted at once, zeroed as they go
   * (secure_delete), and the promise resolves once the WAL has been checkpointed and truncated, so
   * that no old page image of them lingers beside the database.
   *
   * Throws StoreFullError only if the log's transaction was refused: then nothing was deleted.
   * Once it has committed the session is gone; if a full disk then stops the clean-up (the WAL's
   * truncation, the board), it resolves `complete: false` and the next start finishes it.
   */
  async purgeSession(sessionId: string, at: number, audit?: AuditEntry): Promise<{ complete: boolean }> {
    this.write(() => this.writes.purge(sessionId, at, audit));
    try {
      await Promise.all([
        // On this connection if the checkpointer cannot: this is the only writer, so it cannot be kept busy.
        this.checkpointer.truncate().catch(() => this.db.pragma('wal_checkpoint(TRUNCATE)')),
        this.boards.purge(sessionId),
      ]);
      return { complete: true };
    } catch (err) {
      if (err instanceof StoreFullError || isDiskFull(err)) return { complete: false };
      throw err;
    }
  }

  /**
   * What became of a join code (`code:<code>`) or an invitation link (`link:<hash>`) that no longer
   * works: its session was purged, or the link was replaced; null if never known.
   */
  async tombstone(key: string): Promise<'purged' | 'revoked' | null> {
    return (this.stmt.tombstone.get(key) as 'purged' | 'revoked' | undefined) ?? null;
  }

  /** Tombstones are kept a while, so late arrivals get the right message, then forgotten. */
  async forgetTombstones(before: number): Promise<void> {
    this.write(() => this.stmt.forgetTombstones.run(before));
  }

  /** Replaces a session's invitation links, with the audit line, in one transaction. */
  async replaceInvites(
    sessionId: string,
    invites: Array<{ hash: string } & Credential>,
    at: number,
    audit?: AuditEntry,
  ): Promise<void> {
    this.write(() => this.writes.replaceInvites(sessionId, invites, at, audit));
  }

  /**
   * What the start checks: both files (PRAGMA quick_check), and the end of any purge a crash cut
   * short, whose rows are gone from the log but whose old page images may linger in the WAL (so
   * it is truncated) and whose board may still be in the boards' file (so it is deleted). Run
   * before anything is written. Counts only: quick_check's messages can quote rows.
   */
  async checkAtStart(): Promise<{ logProblems: number; boardProblems: number; orphanBoards: number }> {
    const logProblems = quickCheckProblems(this.db);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    const boards = await this.boards.checkAtStart(this.stmt.sessionIds.all() as string[]);
    return { logProblems, boardProblems: boards.problems, orphanBoards: boards.orphans };
  }

  /** Resolves when every checkpoint and board write asked for so far has run. */
  async drain(): Promise<void> {
    await Promise.all([this.checkpointer.drain(), this.boards.drain()]);
  }

  /**
   * The audit trail: who joined in which role, switches the facilitator flipped, exports, ends and
   * purges. Never content: the caller passes ids, roles and short fixed words only. It outlives a
   * purge on purpose, so a purge itself stays on record. A change's audit line is written in the
   * change's own transaction (createSession, appendMany, replaceInvites, purgeSession); this is
   * for an event that changes nothing else (an export).
   */
  async appendAudit(entry: AuditEntry): Promise<void> {
    this.write(() => this.writes.audit(entry));
  }

  async audit(sessionId: string): Promise<Array<Omit<AuditEntry, 'sessionId'>>> {
    return (
      this.stmt.audit.all(sessionId) as Array<{
        at: number;
        event: string;
        role: string | null;
        member_id: string | null;
        detail: string | null;
      }>
    ).map((r) => ({
      at: r.at,
      event: r.event,
      role: r.role,
      memberId: r.member_id,
      detail: r.detail,
    }));
  }

  /** Lets running checkpoints and board writes finish, then closes every connection. */
  async close(): Promise<void> {
    await Promise.all([this.checkpointer.close(), this.boards.close()]);
    this.db.close();
  }
}

/** Commits between checkpoints: a few hundred WAL pages, well under SQLite's default of 1,000. */
const CHECKPOINT_EVERY = 100;

/** A stored session that could not be read: which one, and which part, nothing of its content. */
export interface DamagedSession {
  id: string;
  damaged: string;
}
