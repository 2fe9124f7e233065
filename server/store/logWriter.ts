/**
 * The command log's writer: a worker thread with its own connection to the store file, so that
 * committing (and the fsync that makes a commit durable) happens off the event loop. The main
 * thread keeps resolving and publishing other sessions' commands meanwhile.
 *
 * Group commit: one request is in flight at a time; jobs that arrive meanwhile wait and go
 * together in the next, their appends merged into one transaction. Jobs run in the order they
 * were given, so a purge runs after every append queued before it.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../threads.js';
import type { Durability, LogRow } from './schema.js';

export type WriterJob = { kind: 'append'; rows: LogRow[] } | { kind: 'purge'; sessionId: string };
export type WriterRequest = { kind: 'jobs'; id: number; jobs: WriterJob[] } | { kind: 'close' };
export type WriterReply = { id: number; ok: true } | { id: number; ok: false; message: string };

interface Pending {
  job: WriterJob;
  resolve: () => void;
  reject: (err: Error) => void;
}

const WORKER_ENTRY = new URL('./logWriter.worker.ts', import.meta.url);

export class LogWriter {
  private readonly worker: Worker;
  private waiting: Pending[] = [];
  private inFlight: { id: number; jobs: Pending[] } | null = null;
  private nextId = 1;
  private failure: Error | null = null;
  private closed = false;
  private drained: Array<() => void> = [];

  constructor(file: string, durability: Durability) {
    this.worker = startTsWorker(WORKER_ENTRY, { file, durability });
    // An idle writer must not keep the process alive; pending work is owned by whoever awaits it.
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => {
      if (!this.closed) this.fail(new Error('the store writer stopped'));
    });
  }

  append(rows: LogRow[]): Promise<void> {
    return this.enqueue({ kind: 'append', rows });
  }

  purge(sessionId: string): Promise<void> {
    return this.enqueue({ kind: 'purge', sessionId });
  }

  /** Resolves when everything given so far is committed. */
  drain(): Promise<void> {
    if (!this.inFlight && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Commits what is queued, then closes the worker's connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.drain();
    this.closed = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref(); // held until the worker has closed its connection and exited
    this.worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    await exited;
  }

  private enqueue(job: WriterJob): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the store writer is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.send();
    });
  }

  private send(): void {
    if (this.inFlight || this.waiting.length === 0) return;
    const pending = this.waiting;
    this.waiting = [];
    const jobs: WriterJob[] = [];
    for (const { job } of pending) {
      const last = jobs.at(-1);
      if (job.kind === 'append' && last?.kind === 'append') last.rows.push(...job.rows);
      else jobs.push(job.kind === 'append' ? { kind: 'append', rows: [...job.rows] } : job);
    }
    this.inFlight = { id: this.nextId++, jobs: pending };
    // Referenced while a commit is outstanding, so the process waits for it.
    this.worker.ref();
    this.worker.postMessage({ kind: 'jobs', id: this.inFlight.id, jobs } satisfies WriterRequest);
  }

  private settle(reply: WriterReply): void {
    const batch = this.inFlight;
    if (!batch || batch.id !== reply.id) return;
    this.inFlight = null;
    this.worker.unref();
    if (!reply.ok) {
      const err = new Error(`the store could not commit: ${reply.message}`);
      for (const p of batch.jobs) p.reject(err);
      this.fail(err);
      return;
    }
    for (const p of batch.jobs) p.resolve();
    this.send();
    if (!this.inFlight && this.waiting.length === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  /** After a failure nothing more is written: every pending job is refused, none acknowledged. */
  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    const pending = [...(this.inFlight?.jobs ?? []), ...this.waiting];
    this.inFlight = null;
    this.waiting = [];
    for (const p of pending) p.reject(err);
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
