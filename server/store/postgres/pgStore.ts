/**
 * The PostgreSQL store (GROUPMAP_STORE=postgres), for an authority hosting groupmap on one node or
 * several sharing a database: the same append-only log, snapshots, credentials, audit trail,
 * tombstones and boards as the SQLite files (pgSchema.ts), written with the same contract
 * (store.ts). Sessions are not all loaded at start: each is claimed and loaded when first asked
 * for (pgOwnership.ts), so one node holds each session and every write is fenced by its epoch.
 *
 * Durability is PostgreSQL's: a commit returns once its WAL is flushed (synchronous_commit on, the
 * default), so a command is on disk before it is acknowledged, as with SQLite's 'full'.
 */
import pg from 'pg';
import { deletionTime } from '../../../shared/record.js';
import type { Role } from '../../../shared/roles.js';
import type { SessionState } from '../../../shared/state.js';
import type { Logger } from '../../log.js';
import { assembleSession, type CommandRow, toLogRow } from '../rows.js';
import type { AuditEntry, LogRow } from '../schema.js';
import type { AppendEntry, Credential, DamagedSession, StoredSession } from '../sqliteStore.js';
import type { SessionOwnership, SessionStore } from '../store.js';
import { FencedError, JoinCodeTakenError, StoreFullError } from '../storeFull.js';
import { PgBoards } from './pgBoards.js';
import { OwnershipUnavailableError, PgOwnership } from './pgOwnership.js';
import { migratePostgres } from './pgSchema.js';
import { holdsAt, inTransaction } from './pgTransaction.js';

/** bigint columns (times, clocks, epochs) as numbers: every value groupmap writes is far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export class PgStore implements SessionStore {
  readonly pool: pg.Pool;
  readonly boards: PgBoards;
  readonly ownership: PgOwnership & SessionOwnership;
  /** Set by the first failed commit: every later one is refused too (fail-stop). */
  private failure: Error | null = null;
  private logFull = false;

  private constructor(connectionString: string, nodeId: string, log: Logger) {
    const connection = { connectionString, types, keepAlive: true };
    this.pool = new pg.Pool({
      ...connection,
      max: 8,
      application_name: `groupmap ${nodeId}`,
      // A database that stops answering must not hold every later commit behind one query: a
      // commit that times out fails the store (its outcome unknown), and a restart serves what is there.
      connectionTimeoutMillis: 5000,
      query_timeout: 15_000,
      statement_timeout: 10_000,
    });
    // An idle pooled connection that fails is replaced; a failing query reports through its own promise.
    this.pool.on('error', (err) => log.warn('store.connection.failed', { error: err.name }));
    const ownership = new PgOwnership(connection, nodeId, log);
    this.ownership = Object.assign(ownership, { claim: (id: string) => this.claim(id) });
    this.boards = new PgBoards(this.pool, ownership, (err) => {
      this.failure ??= err;
    });
  }

  /** Connects, creates or checks the tables, and opens the lock connection. */
  static async open(connectionString: string, nodeId: string, log: Logger): Promise<PgStore> {
    const store = new PgStore(connectionString, nodeId, log);
    try {
      await migratePostgres(store.pool);
      await store.ownership.start();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  get diskFull(): boolean {
    return this.logFull || this.boards.diskFull;
  }

  async sessionIdByJoinCode(code: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM sessions WHERE join_code = $1', [code]);
    return rows[0]?.id ?? null;
  }

  async credential(hash: string): Promise<Credential | null> {
    const { rows } = await this.pool.query<{
      session_id: string;
      kind: 'member' | 'invite';
      role: Role;
      member_id: string | null;
    }>('SELECT session_id, kind, role, member_id FROM credentials WHERE hash = $1', [hash]);
    const row = rows[0];
    return row ? { sessionId: row.session_id, kind: row.kind, role: row.role, memberId: row.member_id } : null;
  }

  async tombstone(key: string): Promise<'purged' | 'revoked' | null> {
    const { rows } = await this.pool.query<{ kind: 'purged' | 'revoked' }>(
      'SELECT kind FROM tombstones WHERE key = $1',
      [key],
    );
    return rows[0]?.kind ?? null;
  }

  async audit(sessionId: string): Promise<Array<Omit<AuditEntry, 'sessionId'>>> {
    const { rows } = await this.pool.query<{
      at: number;
      event: string;
      role: string | null;
      member_id: string | null;
      detail: string | null;
    }>('SELECT at, event, role, member_id, detail FROM audit WHERE session_id = $1 ORDER BY id', [sessionId]);
    return rows.map((r) => ({ at: r.at, event: r.event, role: r.role, memberId: r.member_id, detail: r.detail }));
  }

  /**
   * A new session, owned by this node from the start (its lock taken, epoch 1), with its first
   * snapshot, credentials and audit line in one transaction.
   */
  async createSession(
    state: SessionState,
    credentials: Array<{ hash: string } & Credential>,
    audit?: AuditEntry,
  ): Promise<void> {
    const generation = await this.ownership.tryLock(state.id);
    if (generation === null) throw new Error('a new session id is locked by another node');
    try {
      await this.write(async (client) => {
        const inserted = await client.query(
          `INSERT INTO sessions (id, join_code, status, created_at, updated_at, seq, snapshot_seq, snapshot, epoch, owner, delete_after)
           VALUES ($1, $2, $3, $4, $4, 0, 0, $5, 1, $6, $7) ON CONFLICT (join_code) DO NOTHING`,
          [
            state.id,
            state.joinCode,
            state.status,
            state.createdAt,
            JSON.stringify(state),
            this.ownership.nodeId,
            // A session nobody ever opens is deleted on time too (the retention sweep reads this).
            state.retention ? deletionTime(state.retention, state, state.createdAt) : null,
          ],
        );
        if (inserted.rowCount === 0) throw new JoinCodeTakenError();
        for (const c of credentials) await insertCredential(client, c);
        if (audit) await insertAudit(client, audit);
      });
      // Lost the lock connection meanwhile: the session is stored, and whichever node is asked claims it.
      this.ownership.claimed(state.id, 1, generation);
    } catch (err) {
      await this.ownership.release(state.id);
      throw err;
    }
  }

  /**
   * Appends accepted commands in one transaction, after checking, per session, that this node
   * still holds it at the epoch it claimed (FencedError otherwise, nothing written). One
   * statement per session for the fence (which also moves its seq and deletion time), one for
   * every command of the batch, and rare ones for joins, removals, snapshots and audit lines.
   */
  async appendMany(entries: AppendEntry[]): Promise<void> {
    const rows = entries.map(toLogRow);
    const last = new Map<string, AppendEntry>();
    for (const e of entries) last.set(e.sessionId, e);
    const epochs = this.ownership.epochsFor(last.keys());
    await this.write(async (client) => {
      const fenced: string[] = [];
      for (const [sessionId, entry] of last) {
        const moved = await client.query(
          'UPDATE sessions SET seq = $2, updated_at = $3, delete_after = $4 WHERE id = $1 AND epoch = $5',
          [sessionId, entry.seq, entry.at, entry.deletesAt ?? null, epochs.get(sessionId)],
        );
        if (moved.rowCount === 0) fenced.push(sessionId);
      }
      if (fenced.length > 0) throw new FencedError(fenced);
      await client.query(
        `INSERT INTO commands (session_id, seq, command_id, actor_id, actor_role, at, body)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])`,
        [
          rows.map((r) => r.sessionId),
          rows.map((r) => r.seq),
          rows.map((r) => r.commandId),
          rows.map((r) => r.actorId),
          rows.map((r) => r.actorRole),
          rows.map((r) => r.at),
          rows.map((r) => r.body),
        ],
      );
      for (const row of rows) await this.extras(client, row);
    });
  }

  /** What a few commands bring besides their log row. */
  private async extras(client: pg.PoolClient, row: LogRow): Promise<void> {
    if (row.credential) await insertCredential(client, row.credential);
    if (row.revokeMember)
      await client.query('DELETE FROM credentials WHERE session_id = $1 AND member_id = $2', [
        row.sessionId,
        row.revokeMember,
      ]);
    if (row.snapshot)
      await client.query('UPDATE sessions SET snapshot_seq = $2, snapshot = $3, status = $4 WHERE id = $1', [
        row.sessionId,
        row.seq,
        row.snapshot.json,
        row.snapshot.status,
      ]);
    if (row.audit) await insertAudit(client, row.audit);
  }

  async replaceInvites(
    sessionId: string,
    invites: Array<{ hash: string } & Credential>,
    at: number,
    audit?: AuditEntry,
  ): Promise<void> {
    const epoch = this.ownership.epochsFor([sessionId]).get(sessionId);
    await this.write(async (client) => {
      if (!(await holdsAt(client, sessionId, epoch))) throw new FencedError([sessionId]);
      await client.query(
        `INSERT INTO tombstones (key, session_id, kind, at)
           SELECT 'link:' || hash, session_id, 'revoked', $1 FROM credentials WHERE session_id = $2 AND kind = 'invite'
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, at = excluded.at`,
        [at, sessionId],
      );
      await client.query("DELETE FROM credentials WHERE session_id = $1 AND kind = 'invite'", [sessionId]);
      for (const c of invites) await insertCredential(client, c);
      if (audit) await insertAudit(client, audit);
    });
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.write((client) => insertAudit(client, entry));
  }

  /**
   * Deletes every row of the session, its board and pictures included, in one transaction, and
   * leaves tombstones for its code and links. PostgreSQL does not zero deleted rows: their bytes
   * stay in the table's pages until VACUUM frees them and later writes reuse the space, in the
   * WAL until it is recycled, and in replicas and backups until those expire (see deploy/).
   */
  async purgeSession(sessionId: string, at: number, audit?: AuditEntry): Promise<{ complete: boolean }> {
    const epoch = this.ownership.epochsFor([sessionId]).get(sessionId);
    await this.write(async (client) => {
      // The session's row first, locked: a board save under way (it holds the row FOR SHARE) commits
      // before the deletes below, so they see its rows; one not yet begun finds the row gone and
      // writes nothing. And only the node holding the session may delete it.
      if (!(await holdsAt(client, sessionId, epoch, 'FOR UPDATE'))) throw new FencedError([sessionId]);
      const { rows } = await client.query<{ key: string }>(
        `SELECT 'code:' || join_code AS key FROM sessions WHERE id = $1
         UNION ALL SELECT 'link:' || hash FROM credentials WHERE session_id = $1 AND kind = 'invite'`,
        [sessionId],
      );
      for (const table of ['commands', 'credentials', 'board_records', 'board_images', 'boards'])
        await client.query(`DELETE FROM ${table} WHERE session_id = $1`, [sessionId]);
      await client.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
      await client.query("UPDATE tombstones SET kind = 'purged', at = $2 WHERE session_id = $1", [sessionId, at]);
      for (const { key } of rows)
        await client.query(
          `INSERT INTO tombstones (key, session_id, kind, at) VALUES ($1, $2, 'purged', $3)
           ON CONFLICT (key) DO UPDATE SET kind = 'purged', at = excluded.at`,
          [key, sessionId, at],
        );
      if (audit) await insertAudit(client, audit);
    });
    await this.ownership.release(sessionId);
    return { complete: true };
  }

  async forgetTombstones(before: number): Promise<void> {
    await this.write((client) => client.query('DELETE FROM tombstones WHERE at < $1', [before]).then(() => {}));
  }

  /**
   * Claims a session for this node and loads it: its advisory lock, then one transaction that
   * bumps its epoch and reads its snapshot, the commands after it and every retry key. Null if
   * there is no such session; 'elsewhere' if another node holds it.
   */
  private async claim(
    sessionId: string,
  ): Promise<(StoredSession & { id: string; updatedAt: number }) | DamagedSession | 'elsewhere' | null> {
    const generation = await this.ownership.tryLock(sessionId);
    if (generation === null) return 'elsewhere';
    let client: pg.PoolClient | null = null;
    try {
      client = await this.pool.connect();
      await client.query('BEGIN');
      const { rows } = await client.query<{
        epoch: number;
        seq: number;
        snapshot_seq: number;
        snapshot: string;
        updated_at: number;
      }>(
        `UPDATE sessions SET epoch = epoch + 1, owner = $2 WHERE id = $1
         RETURNING epoch, seq, snapshot_seq, snapshot, updated_at`,
        [sessionId, this.ownership.nodeId],
      );
      const row = rows[0];
      if (!row) {
        await client.query('ROLLBACK');
        await this.ownership.release(sessionId);
        return null;
      }
      const tail = await client.query<{
        seq: number;
        actor_id: string | null;
        actor_role: Role | null;
        at: number;
        body: string;
      }>('SELECT seq, actor_id, actor_role, at, body FROM commands WHERE session_id = $1 AND seq > $2 ORDER BY seq', [
        sessionId,
        row.snapshot_seq,
      ]);
      const span = await client.query<{ n: number; lo: number; hi: number; bytes: number }>(
        `SELECT count(*)::int AS n, coalesce(min(seq), 0) AS lo, coalesce(max(seq), 0) AS hi,
                coalesce(sum(octet_length(body)), 0)::bigint AS bytes
         FROM commands WHERE session_id = $1`,
        [sessionId],
      );
      const logged = await client.query({
        text: 'SELECT actor_id, command_id, seq FROM commands WHERE session_id = $1 AND actor_id IS NOT NULL',
        values: [sessionId],
        rowMode: 'array',
      });
      await client.query('COMMIT');
      if (!this.ownership.claimed(sessionId, row.epoch, generation)) throw new OwnershipUnavailableError();
      const commands: CommandRow[] = tail.rows.map((c) => ({
        seq: c.seq,
        actorId: c.actor_id,
        actorRole: c.actor_role,
        at: c.at,
        body: c.body,
      }));
      return assembleSession(
        {
          id: sessionId,
          seq: row.seq,
          snapshotSeq: row.snapshot_seq,
          snapshot: row.snapshot,
          updatedAt: row.updated_at,
        },
        commands,
        span.rows[0]!,
        () => logged.rows as Array<[string, string, number]>,
      );
    } catch (err) {
      await client?.query('ROLLBACK').catch(() => {});
      await this.ownership.release(sessionId);
      throw err;
    } finally {
      client?.release();
    }
  }

  /** The sessions whose deletion time has passed, oldest first (for the retention sweep). */
  async expired(now: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM sessions WHERE delete_after <= $1 ORDER BY delete_after LIMIT $2',
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Runs one write transaction. A full disk is not damage: PostgreSQL rolled it back, so that
   * write is refused (StoreFullError) and later ones are tried; a fenced write or a clashing join
   * code is the caller's to handle. Anything else stops the store (fail-stop): nothing after it
   * is acknowledged, and a restart serves what is in the database.
   */
  private async write(transaction: (client: pg.PoolClient) => Promise<unknown>): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      await inTransaction(this.pool, transaction);
      this.logFull = false;
    } catch (err) {
      if (err instanceof FencedError || err instanceof JoinCodeTakenError) throw err;
      if (err instanceof StoreFullError) {
        this.logFull = true;
        throw err;
      }
      throw this.fail(err as Error);
    }
  }

  private fail(err: Error): Error {
    // PostgreSQL's messages name tables and constraints; a value is only ever quoted in `detail`, not kept here.
    this.failure ??= new Error(`the store could not commit: ${err.message}`);
    return this.failure;
  }

  /** Nothing to check at start: PostgreSQL checks its own pages, and sessions are checked as they are claimed. */
  async checkAtStart(): Promise<{ logProblems: number; boardProblems: number; orphanBoards: number }> {
    return { logProblems: 0, boardProblems: 0, orphanBoards: 0 };
  }

  async drain(): Promise<void> {
    await this.boards.drain();
  }

  /** Ends the lock connection first (every session's lock goes with it), then the pool; twice is once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.boards.drain();
      await this.ownership.close();
      await this.pool.end();
    })();
    return this.closing;
  }
  private closing: Promise<void> | null = null;
}

function insertCredential(client: pg.PoolClient, c: { hash: string } & Credential) {
  return client.query('INSERT INTO credentials (hash, session_id, kind, role, member_id) VALUES ($1, $2, $3, $4, $5)', [
    c.hash,
    c.sessionId,
    c.kind,
    c.role,
    c.memberId,
  ]);
}

function insertAudit(client: pg.PoolClient, entry: AuditEntry) {
  return client.query(
    'INSERT INTO audit (session_id, at, event, role, member_id, detail) VALUES ($1, $2, $3, $4, $5, $6)',
    [entry.sessionId, entry.at, entry.event, entry.role ?? null, entry.memberId ?? null, entry.detail ?? null],
  );
}
