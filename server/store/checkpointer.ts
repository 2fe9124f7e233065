/**
 * The store's checkpointer: a worker thread with its own connection to the store file, which
 * copies the write-ahead log back into the database file. Commits stay on the main thread (one
 * small WAL append and fsync per batch: measured faster end to end than handing each batch to a
 * thread), but a checkpoint copies and syncs megabytes, so it runs here, where it holds up no
 * socket. SQLite lets a checkpoint run beside a writer in WAL mode.
 *
 * - checkpoint(): a PASSIVE checkpoint, requested after every CHECKPOINT_EVERY commits; a request
 *   made while one is queued or running is folded into it.
 * - truncate(): after a purge, a TRUNCATE checkpoint, so that the purged rows' old page images do
 *   not linger in the WAL. Resolves once the WAL is empty.
 * If this thread fails, the store checkpoints on its own connection instead (see SqliteStore).
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../threads.js';

export type CheckpointMode = 'PASSIVE' | 'TRUNCATE';
export type CheckpointRequest = { kind: 'checkpoint'; id: number; mode: CheckpointMode } | { kind: 'close' };
export type CheckpointReply = { id: number; ok: true } | { id: number; ok: false; message: string };

const WORKER_ENTRY = new URL('./checkpointer.worker.ts', import.meta.url);

interface Job {
  mode: CheckpointMode;
  waiters: Array<{ resolve: () => void; reject: (err: Error) => void }>;
}

export class Checkpointer {
  private readonly worker: Worker;
  private queue: Job[] = [];
  private inFlight: { id: number; job: Job } | null = null;
  private nextId = 1;
  private failure: Error | null = null;
  private closed = false;
  private exited = false;
  private drained: Array<() => void> = [];

  constructor(file: string, onFailure: (err: Error) => void) {
    this.worker = startTsWorker(WORKER_ENTRY, { file });
    // An idle checkpointer must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (reply: CheckpointReply) => this.settle(reply));
    const fail = (err: Error) => {
      if (this.failure || this.closed) return;
      this.failure = err;
      const jobs = [...(this.inFlight ? [this.inFlight.job] : []), ...this.queue];
      this.inFlight = null;
      this.queue = [];
      for (const job of jobs) for (const w of job.waiters) w.reject(err);
      for (const resolve of this.drained.splice(0)) resolve();
      onFailure(err);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => {
      this.exited = true;
      fail(new Error('the checkpointer stopped'));
    });
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** Asks for a PASSIVE checkpoint; does nothing if one is already waiting to run. */
  checkpoint(): void {
    if (this.failure || this.closed || this.queue.some((j) => j.mode === 'PASSIVE')) return;
    this.queue.push({ mode: 'PASSIVE', waiters: [] });
    this.send();
  }

  /** A TRUNCATE checkpoint; resolves once the WAL holds nothing. */
  truncate(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the checkpointer is closed'));
    return new Promise((resolve, reject) => {
      const waiting = this.queue.find((j) => j.mode === 'TRUNCATE');
      if (waiting) waiting.waiters.push({ resolve, reject });
      else this.queue.push({ mode: 'TRUNCATE', waiters: [{ resolve, reject }] });
      this.send();
    });
  }

  /** Resolves when every checkpoint asked for so far has run. */
  drain(): Promise<void> {
    if (!this.inFlight && this.queue.length === 0) return Promise.resolve();
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

  private send(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.inFlight = { id: this.nextId++, job };
    // Referenced while a checkpoint runs, so a purge waiting on it keeps the process alive.
    this.worker.ref();
    this.worker.postMessage({ kind: 'checkpoint', id: this.inFlight.id, mode: job.mode } satisfies CheckpointRequest);
  }

  private settle(reply: CheckpointReply): void {
    const running = this.inFlight;
    if (!running || running.id !== reply.id) return;
    this.inFlight = null;
    this.worker.unref();
    const err = reply.ok ? null : new Error(`the checkpoint failed: ${reply.message}`);
    for (const w of running.job.waiters) {
      if (err) w.reject(err);
      else w.resolve();
    }
    this.send();
    if (!this.inFlight && this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
  }
}
