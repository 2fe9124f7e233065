/**
 * The boards' store: their own file (boardTables.ts), whose one connection runs on a worker
 * thread. A board changes several times a second while someone draws; written on the main
 * thread, each save (about 0.1 ms, a few ms at its worst) held up every socket of every session,
 * and measured on 100 boards it doubled the p99 of a stroke reaching the other screens. Here the
 * main thread only hands over the changed records as JSON, and the thread writes them (synced to
 * disk as the configured durability says) without holding anyone up.
 *
 * Requests run in the order they were made (OrderedWorker), so a load always sees every save
 * made before it. Any failed request stops the store (fail-stop, as for the command log):
 * `onFailure` runs, and every later request is refused.
 */
import { asBuffers, OrderedWorker } from '../threads.js';
import type { BoardChanges, StoredBoard } from './boardTables.js';
import type { Durability } from './schema.js';
import type { BoardStorage } from './store.js';
import { isDiskFull, StoreFullError } from './storeFull.js';

/** Each printed page's picture by its name (`boardImageName`), or 'board' for a legacy single picture. */
export type BoardImages = Partial<Record<string, Buffer>>;

export type BoardRequest =
  | { kind: 'load'; sessionId: string }
  | { kind: 'save'; changes: BoardChanges[]; now: number }
  | { kind: 'saveImage'; sessionId: string; name: string; png: Uint8Array; now: number }
  | { kind: 'loadImages'; sessionId: string }
  | { kind: 'purge'; sessionId: string }
  | { kind: 'checkAtStart'; sessions: string[] }
  | { kind: 'close' };

const WORKER_ENTRY = new URL('./boardStore.worker.ts', import.meta.url);

export class BoardStore extends OrderedWorker<BoardRequest> implements BoardStorage {
  constructor(
    file: string,
    options: { durability: Durability; limitMb?: number | undefined },
    onFailure: (err: Error) => void,
  ) {
    super(WORKER_ENTRY, { file, ...options }, 'the board store', onFailure);
  }

  /**
   * A failed request is damage to the store: nothing after it is trusted. A full disk is not:
   * that request is refused (StoreFullError) and the store goes on; a refused save's changes wait
   * in the thread and go with the next save.
   */
  private request(request: Exclude<BoardRequest, { kind: 'close' }>): Promise<unknown> {
    return this.post(request).then(
      (value) => {
        if (request.kind !== 'load' && request.kind !== 'loadImages') this.diskFull = false;
        return value;
      },
      (err: Error) => {
        if (isDiskFull(err)) {
          this.diskFull = true;
          throw new StoreFullError();
        }
        this.fail(err);
        throw err;
      },
    );
  }

  /** The last write found the disk full; cleared by the next that succeeds. */
  diskFull = false;

  load(sessionId: string): Promise<StoredBoard | null> {
    return this.request({ kind: 'load', sessionId }) as Promise<StoredBoard | null>;
  }

  /**
   * Writes these boards' changes in one transaction; resolves once they are on disk, with any a
   * full disk refused before. Rejects with StoreFullError if the disk is still full.
   */
  async save(changes: BoardChanges[]): Promise<void> {
    await this.request({ kind: 'save', changes, now: Date.now() });
  }

  /** A part's first page replaces the part's later pages. Resolves false when the session has no board yet. */
  saveImage(sessionId: string, name: string, png: Buffer): Promise<boolean> {
    return this.request({ kind: 'saveImage', sessionId, name, png, now: Date.now() }) as Promise<boolean>;
  }

  async loadImages(sessionId: string): Promise<BoardImages> {
    return asBuffers((await this.request({ kind: 'loadImages', sessionId })) as Record<string, Uint8Array>);
  }

  /**
   * At start: checks the file (PRAGMA quick_check), deletes the boards of sessions no longer in the
   * log (a purge a crash cut short) and truncates the WAL. Resolves to the problems found and the
   * boards deleted.
   */
  async checkAtStart(sessions: string[]): Promise<{ problems: number; orphans: number }> {
    return (await this.request({ kind: 'checkAtStart', sessions })) as { problems: number; orphans: number };
  }

  /** Deletes the board and resolves once its file's WAL is truncated (nothing of it lingers). */
  async purge(sessionId: string): Promise<void> {
    await this.request({ kind: 'purge', sessionId });
  }
}
