/**
 * Worker threads that run this server's TypeScript, and the one way the store talks to them.
 *
 * The server runs through tsx; a worker thread starts without its parent's module loader, so the
 * thread registers tsx before importing its entry. Used by the store's checkpointer, the board
 * store and the pack renderer.
 */
import { parentPort, Worker } from 'node:worker_threads';

export function startTsWorker(entry: URL, workerData?: unknown): Worker {
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** What an ordered worker's thread answers to each request, in order. */
/** Bytes that crossed a thread arrive as a plain Uint8Array: the same memory as the Buffer pdfkit, docx and express want. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Each value of a record of byte arrays as a Buffer (the board's pictures, by part). */
export function asBuffers<K extends string>(byKey: Partial<Record<K, Uint8Array>>): Partial<Record<K, Buffer>> {
  return Object.fromEntries(
    Object.entries<Uint8Array>(byKey as Record<K, Uint8Array>).map(([k, b]) => [k, asBuffer(b)]),
  ) as Partial<Record<K, Buffer>>;
}

/** A failure carries SQLite's code (SQLITE_FULL, say) when there was one, so the main thread can tell a full disk from damage. */
export type WorkerReply = { ok: true; value?: unknown } | { ok: false; message: string; code?: string };

/**
 * A worker thread that answers requests one at a time, in the order they were posted, so each
 * answer settles the oldest pending request. It keeps the process alive only while a request is
 * pending. If the thread fails or stops, every pending and later request is refused and
 * `onFailure` runs once. `close()` lets pending requests finish, then asks the thread (with
 * `{ kind: 'close' }`) to close its connection and exit.
 */
export class OrderedWorker<Request extends { kind: string }> {
  private readonly worker: Worker;
  /** Posted and not yet answered, oldest first. */
  private pending: Array<{ request: Request; resolve: (value: unknown) => void; reject: (err: Error) => void }> = [];
  private failure: Error | null = null;
  private closed = false;
  private exited = false;
  private drained: Array<() => void> = [];

  /** `name` says what the thread is in errors: "the checkpointer", "the board store". */
  constructor(
    entry: URL,
    workerData: unknown,
    private readonly name: string,
    private readonly onFailure: (err: Error) => void,
  ) {
    this.worker = startTsWorker(entry, workerData);
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const answered = this.pending.shift();
      if (!answered) return;
      if (reply.ok) answered.resolve(reply.value);
      else answered.reject(Object.assign(new Error(`${this.name} failed: ${reply.message}`), { code: reply.code }));
      this.afterSettling();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => {
      this.exited = true;
      this.fail(new Error(`${this.name} stopped`));
    });
  }

  post(request: Request, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error(`${this.name} is closed`));
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      // Referenced while anything is pending: a purge waiting on it keeps the process alive.
      this.worker.ref();
      this.worker.postMessage(request, transfer);
    });
  }

  /** Whether a posted request not yet answered is like this. */
  isPending(like: (request: Request) => boolean): boolean {
    return this.pending.some((p) => like(p.request));
  }

  /** Fail-stop: refuses every pending and later request; `onFailure` runs once. */
  fail(err: Error): void {
    if (this.failure || this.closed) return;
    this.failure = err;
    for (const p of this.pending.splice(0)) p.reject(err);
    this.afterSettling();
    this.onFailure(err);
  }

  /** Resolves when every request posted so far has been answered. */
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
    this.worker.postMessage({ kind: 'close' });
    await exited;
  }

  private afterSettling(): void {
    if (this.pending.length > 0) return;
    this.worker.unref();
    for (const resolve of this.drained.splice(0)) resolve();
  }
}

/**
 * The thread's side of an OrderedWorker: runs each request as it comes and answers it. A thrown
 * error is answered as a failure with its message (SQLite's messages name tables and files, never
 * the values written). `close` runs `onClose` (closing the thread's connection) and ends the thread.
 */
export function answerInOrder<Request extends { kind: string }>(
  run: (request: Exclude<Request, { kind: 'close' }>) => WorkerReply,
  onClose: () => void,
): void {
  const port = parentPort!;
  port.on('message', (request: Request) => {
    if (request.kind === 'close') {
      onClose();
      port.close();
      return;
    }
    let reply: WorkerReply;
    try {
      reply = run(request as Exclude<Request, { kind: 'close' }>);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      reply = { ok: false, message: (err as Error).message, ...(typeof code === 'string' ? { code } : {}) };
    }
    port.postMessage(reply);
  });
}
