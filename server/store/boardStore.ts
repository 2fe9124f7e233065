/**
 * The boards' store: their own file (boardTables.ts), whose one connection runs on a worker
 * thread. A board changes several times a second while someone draws; written on the main
 * thread, each save (about 0.1 ms, a few ms at its worst) held up every socket of every session,
 * and measured on 100 boards it doubled the p99 of a stroke reaching the other screens. Here the
 * main thread only hands over the changed records as JSON, and the thread writes them (synced to
 * disk as the configured durability says) without holding anyone up.
 *
 * Requests run in the order they were made, so a load always sees every save made before it.
 * A failed request stops the store (fail-stop, as for the command log): `onFailure` runs, and
 * every later request is refused.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../threads.js';
import type { BoardChanges, StoredBoard } from './boardTables.js';
import type { Durability } from './schema.js';

export type BoardRequest =
  | { kind: 'load'; sessionId: string }
  | { kind: 'save'; changes: BoardChanges[]; now: number }
  | { kind: 'saveImage'; sessionId: string; png: Uint8Array; now: number }
  | { kind: 'loadImage'; sessionId: string }
  | { kind: 'purge'; sessionId: string }
  | { kind: 'close' };
export type BoardReply = { ok: true; value?: unknown } | { ok: false; message: string };

const WORKER_ENTRY = new URL('./boardStore.worker.ts', import.meta.url);

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export class BoardStore {
  private readonly worker: Worker;
  /** Posted and not yet answered, oldest first. */
  private pending: Pending[] = [];
  private failure: Error | null = null;
  private closed = false;
  private exited = false;
  private drained: Array<() => void> = [];

  constructor(
    file: string,
    durability: Durability,
    private readonly onFailure: (err: Error) => void,
  ) {
    this.worker = startTsWorker(WORKER_ENTRY, { file, durability });
    this.worker.unref();
    this.worker.on('message', (reply: BoardReply) => {
      const answered = this.pending.shift();
      if (!answered) return;
      if (reply.ok) answered.resolve(reply.value);
      else this.fail(new Error(`the board store failed: ${reply.message}`), answered);
      this.afterSettling();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => {
      this.exited = true;
      this.fail(new Error('the board store stopped'));
    });
  }

  load(sessionId: string): Promise<StoredBoard | null> {
    return this.post({ kind: 'load', sessionId }) as Promise<StoredBoard | null>;
  }

  /** Writes these boards' changes in one transaction; resolves once they are on disk. */
  save(changes: BoardChanges[]): Promise<void> {
    return this.post({ kind: 'save', changes, now: Date.now() }) as Promise<void>;
  }

  saveImage(sessionId: string, png: Buffer): Promise<boolean> {
    return this.post({ kind: 'saveImage', sessionId, png, now: Date.now() }) as Promise<boolean>;
  }

  async loadImage(sessionId: string): Promise<Buffer | null> {
    const bytes = (await this.post({ kind: 'loadImage', sessionId })) as Uint8Array | null;
    return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  }

  /** Deletes the board and resolves once its file's WAL is truncated (nothing of it lingers). */
  async purge(sessionId: string): Promise<void> {
    await this.post({ kind: 'purge', sessionId });
  }

  /** Resolves when every request made so far has been answered. */
  drain(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.drain();
    this.closed = true;
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref(); // held until the thread has closed its connection and exited
    this.worker.postMessage({ kind: 'close' } satisfies BoardRequest);
    await exited;
  }

  private post(request: Exclude<BoardRequest, { kind: 'close' }>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the board store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      // Referenced while anything is pending: a save in flight keeps the process alive.
      this.worker.ref();
      this.worker.postMessage(request);
    });
  }

  /** Fail-stop: the first failure refuses everything pending and later. */
  private fail(err: Error, answered?: Pending): void {
    if (this.closed && !answered) return;
    answered?.reject(err);
    if (this.failure) return;
    this.failure = err;
    for (const p of this.pending.splice(0)) p.reject(err);
    this.afterSettling();
    this.onFailure(err);
  }

  private afterSettling(): void {
    if (this.pending.length > 0) return;
    this.worker.unref();
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
