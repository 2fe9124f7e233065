/**
 * The store's checkpointer: a worker thread with its own connection to the store file, which
 * copies the write-ahead log back into the database file. Commits stay on the main thread (one
 * small WAL append and fsync per batch: measured faster end to end than handing each batch to a
 * thread), but a checkpoint copies and syncs megabytes, so it runs here, where it holds up no
 * socket. SQLite lets a checkpoint run beside a writer in WAL mode.
 *
 * - checkpoint(): a PASSIVE checkpoint, requested after every CHECKPOINT_EVERY commits; a request
 *   made while one is still pending is dropped (the pending one covers it).
 * - truncate(): after a purge, a TRUNCATE checkpoint, so that the purged rows' old page images do
 *   not linger in the WAL. Resolves once the WAL is empty.
 * The thread answers requests in the order they were posted, so each answer settles the oldest
 * pending request. If the thread fails, every pending request is refused and `onFailure` runs.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../threads.js';

export type CheckpointMode = 'PASSIVE' | 'TRUNCATE';
export type CheckpointRequest = { kind: 'checkpoint'; mode: CheckpointMode } | { kind: 'close' };
export type CheckpointReply = { ok: true } | { ok: false; message: string };

const WORKER_ENTRY = new URL('./checkpointer.worker.ts', import.meta.url);

interface Pending {
  mode: CheckpointMode;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Checkpointer {
  private readonly worker: Worker;
  /** Posted and not yet answered, oldest first. */
  private pending: Pending[] = [];
  private failure: Error | null = null;
  private closed = false;
  private exited = false;
  private drained: Array<() => void> = [];

  constructor(file: string, onFailure: (err: Error) => void) {
    this.worker = startTsWorker(WORKER_ENTRY, { file });
    // An idle checkpointer must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (reply: CheckpointReply) => {
      const answered = this.pending.shift();
      if (!answered) return;
      if (reply.ok) answered.resolve();
      else answered.reject(new Error(`the checkpoint failed: ${reply.message}`));
      this.afterSettling();
    });
    const fail = (err: Error) => {
      if (this.failure || this.closed) return;
      this.failure = err;
      for (const p of this.pending.splice(0)) p.reject(err);
      this.afterSettling();
      onFailure(err);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => {
      this.exited = true;
      fail(new Error('the checkpointer stopped'));
    });
  }

  /** Asks for a PASSIVE checkpoint, unless one is already pending. */
  checkpoint(): void {
    if (this.failure || this.closed || this.pending.some((p) => p.mode === 'PASSIVE')) return;
    this.post('PASSIVE').catch(() => {}); // nobody waits on it; a failure is reported through onFailure
  }

  /** A TRUNCATE checkpoint; resolves once the WAL holds nothing. */
  truncate(): Promise<void> {
    return this.post('TRUNCATE');
  }

  /** Resolves when every checkpoint asked for so far has run. */
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
    this.worker.ref(); // held until the worker has closed its connection and exited
    this.worker.postMessage({ kind: 'close' } satisfies CheckpointRequest);
    await exited;
  }

  private post(mode: CheckpointMode): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the checkpointer is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ mode, resolve, reject });
      // Referenced while a checkpoint is pending, so a purge waiting on it keeps the process alive.
      this.worker.ref();
      this.worker.postMessage({ kind: 'checkpoint', mode } satisfies CheckpointRequest);
    });
  }

  private afterSettling(): void {
    if (this.pending.length > 0) return;
    this.worker.unref();
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
