/**
 * The boards in PostgreSQL: one row per board, one per tldraw record, one per printed page's
 * picture, as in the SQLite boards' file (boardTables.ts). Each save checks, in its transaction,
 * that this node still holds every session it writes at the epoch it claimed (FOR SHARE waits
 * for a claim under way), so a deposed owner's board cannot overwrite the new owner's.
 *
 * Saves run one after another, in the order they were asked for. A save a full disk refused
 * keeps its changes here, and they go first in the next save (the rooms have moved on).
 */
import type pg from 'pg';
import { parseBoardImageName } from '../../../shared/board/printPages.js';
import type { BoardImages } from '../boardStore.js';
import type { BoardChanges, StoredBoard } from '../boardTables.js';
import type { BoardStorage } from '../store.js';
import { FencedError, StoreFullError } from '../storeFull.js';
import type { PgOwnership } from './pgOwnership.js';
import { holdsAt, inTransaction } from './pgTransaction.js';

/** A board's changes with the epoch its session was held at when they were made. */
type StampedChanges = BoardChanges & { epoch: number | undefined };

export class PgBoards implements BoardStorage {
  diskFull = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Changes a full disk refused: they go first in the next save. */
  private waiting: StampedChanges[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly ownership: PgOwnership,
    private readonly onFailure: (err: Error) => void,
  ) {}

  /** Runs requests in the order they were made, so a load always sees every save made before it. */
  private inOrder<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => {});
    return next;
  }

  load(sessionId: string): Promise<StoredBoard | null> {
    return this.inOrder(async () => {
      const board = await this.pool.query<{ document_clock: number; schema: string }>(
        'SELECT document_clock, schema FROM boards WHERE session_id = $1',
        [sessionId],
      );
      const row = board.rows[0];
      if (!row) return null;
      const records = await this.pool.query<{ state: string; last_changed_clock: number }>(
        'SELECT state, last_changed_clock FROM board_records WHERE session_id = $1',
        [sessionId],
      );
      return {
        documentClock: row.document_clock,
        schema: row.schema,
        records: records.rows.map((r) => ({ state: r.state, lastChangedClock: r.last_changed_clock })),
      };
    });
  }

  /**
   * Each change carries the epoch its session was held at when the room handed it over, so a
   * save that waited in the queue while the session moved away (and even back) is fenced. On a
   * fence, the other sessions' changes are written at once, and only then is FencedError thrown:
   * it means "nothing of these sessions was written; everything else was".
   */
  save(changes: BoardChanges[]): Promise<void> {
    const stamped = changes.map((c) => ({ ...c, epoch: this.ownership.epochOf(c.sessionId) }));
    return this.inOrder(async () => {
      let all = [...this.waiting, ...stamped];
      this.waiting = [];
      const fenced: string[] = [];
      for (;;) {
        try {
          await this.transaction((client) => this.write(client, all));
          break;
        } catch (err) {
          if (err instanceof StoreFullError) this.waiting = all;
          if (!(err instanceof FencedError)) throw err;
          fenced.push(...err.sessionIds);
          all = all.filter((c) => !err.sessionIds.includes(c.sessionId));
          if (all.length === 0) break;
        }
      }
      if (fenced.length > 0) throw new FencedError(fenced);
    });
  }

  private async write(client: pg.PoolClient, all: StampedChanges[]): Promise<void> {
    const now = Date.now();
    const fenced = new Set<string>();
    for (const c of all) if (!(await holdsAt(client, c.sessionId, c.epoch))) fenced.add(c.sessionId);
    if (fenced.size > 0) throw new FencedError([...fenced]);
    for (const c of all) {
      if (c.schema !== undefined)
        await client.query(
          `INSERT INTO boards (session_id, document_clock, schema, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (session_id) DO UPDATE SET document_clock = excluded.document_clock,
             schema = excluded.schema, updated_at = excluded.updated_at`,
          [c.sessionId, c.documentClock, c.schema, now],
        );
      else
        await client.query('UPDATE boards SET document_clock = $2, updated_at = $3 WHERE session_id = $1', [
          c.sessionId,
          c.documentClock,
          now,
        ]);
      if (c.wipeAll) await client.query('DELETE FROM board_records WHERE session_id = $1', [c.sessionId]);
      if (c.deletes.length > 0)
        await client.query('DELETE FROM board_records WHERE session_id = $1 AND id = ANY($2::text[])', [
          c.sessionId,
          c.deletes,
        ]);
      if (c.puts.length > 0)
        await client.query(
          `INSERT INTO board_records (session_id, id, state, last_changed_clock)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[])
           ON CONFLICT (session_id, id) DO UPDATE SET state = excluded.state,
             last_changed_clock = excluded.last_changed_clock`,
          [c.sessionId, c.puts.map((p) => p.id), c.puts.map((p) => p.state), c.puts.map((p) => p.lastChangedClock)],
        );
    }
  }

  saveImage(sessionId: string, name: string, png: Buffer): Promise<boolean> {
    const epoch = this.ownership.epochOf(sessionId);
    return this.inOrder(async () => {
      let saved = false;
      await this.transaction(async (client) => {
        if (!(await holdsAt(client, sessionId, epoch))) throw new FencedError([sessionId]);
        const board = await client.query('SELECT 1 FROM boards WHERE session_id = $1', [sessionId]);
        if (board.rowCount === 0) return;
        if (parseBoardImageName(name)?.page === 1)
          await client.query("DELETE FROM board_images WHERE session_id = $1 AND part LIKE $2 || '-%'", [
            sessionId,
            name,
          ]);
        await client.query(
          `INSERT INTO board_images (session_id, part, png, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (session_id, part) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at`,
          [sessionId, name, png, Date.now()],
        );
        saved = true;
      });
      return saved;
    });
  }

  loadImages(sessionId: string): Promise<BoardImages> {
    return this.inOrder(async () => {
      const { rows } = await this.pool.query<{ part: string; png: Buffer }>(
        'SELECT part, png FROM board_images WHERE session_id = $1',
        [sessionId],
      );
      return Object.fromEntries(rows.map((r) => [r.part, r.png]));
    });
  }

  /** The board's rows go with the session's, in the purge's own transaction (pgStore.ts). */
  purge(_sessionId: string): Promise<void> {
    return this.inOrder(async () => {});
  }

  drain(): Promise<void> {
    return this.inOrder(async () => {});
  }

  private async transaction(run: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    try {
      await inTransaction(this.pool, run);
      this.diskFull = false;
    } catch (err) {
      if (err instanceof StoreFullError) this.diskFull = true;
      else if (!(err instanceof FencedError)) this.onFailure(err as Error);
      throw err;
    }
  }
}
