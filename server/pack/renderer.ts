/**
 * Renders packs off the event loop. A 300-item PDF takes about 150 ms of CPU (fonts are shaped
 * and subset): done on the main thread, every socket of every session would wait that long. PDF
 * and DOCX go to one worker thread, started at the first download and kept for the next;
 * Markdown and JSON take under a millisecond and are rendered in place.
 *
 * A worker that dies fails the downloads it held (they answer 500 and can be retried) and is
 * replaced at the next download.
 */
import type { Worker } from 'node:worker_threads';
import type { Pack, PackFormat } from '../../shared/pack.js';
import type { BoardImages } from '../store/boardStore.js';
import { asBuffer, startTsWorker } from '../threads.js';
import { renderPack } from './render.js';

export interface RenderRequest {
  id: number;
  pack: Pack;
  format: PackFormat;
  boardImages: Partial<Record<keyof BoardImages, Uint8Array>>;
}
export type RenderReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

const WORKER_ENTRY = new URL('./render.worker.ts', import.meta.url);
const OFF_THREAD: ReadonlySet<PackFormat> = new Set(['pdf', 'docx']);

export class PackRenderer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (bytes: Buffer) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private closed = false;

  render(pack: Pack, format: PackFormat, boardImages: BoardImages = {}): Promise<Buffer> {
    if (!OFF_THREAD.has(format)) return renderPack(pack, format, boardImages);
    if (this.closed) return Promise.reject(new Error('the pack renderer is closed'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // held while a download waits for it
      worker.postMessage({ id, pack, format, boardImages } satisfies RenderRequest);
    });
  }

  /** The worker's thread id while one is running (tests use it to show where rendering happens). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  /** Fails what is waiting and stops the worker. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.lost(worker, new Error('the pack renderer is closed'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = startTsWorker(WORKER_ENTRY);
    worker.unref(); // an idle renderer does not keep the process alive
    worker.on('message', (reply: RenderReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(asBuffer(reply.bytes));
      else waiting.reject(new Error(`the pack could not be rendered: ${reply.message}`));
    });
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`the pack renderer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private lost(worker: Worker | null, err: Error): void {
    if (!worker || this.worker !== worker) return;
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}
