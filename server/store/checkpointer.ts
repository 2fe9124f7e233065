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
 * Requests are answered in order (OrderedWorker). If the thread fails, every pending request is
 * refused and `onFailure` runs.
 */
import { OrderedWorker } from '../threads.js';

export type CheckpointMode = 'PASSIVE' | 'TRUNCATE';
export type CheckpointRequest = { kind: 'checkpoint'; mode: CheckpointMode } | { kind: 'close' };

const WORKER_ENTRY = new URL('./checkpointer.worker.ts', import.meta.url);

export class Checkpointer extends OrderedWorker<CheckpointRequest> {
  constructor(file: string, onFailure: (err: Error) => void) {
    super(WORKER_ENTRY, { file }, 'the checkpointer', onFailure);
  }

  /** Asks for a PASSIVE checkpoint, unless one is already pending. */
  checkpoint(): void {
    if (this.isPending((r) => r.kind === 'checkpoint' && r.mode === 'PASSIVE')) return;
    this.post({ kind: 'checkpoint', mode: 'PASSIVE' }).catch(() => {}); // nobody waits on it; a failure is reported through onFailure
  }

  /** A TRUNCATE checkpoint; resolves once the WAL holds nothing. */
  async truncate(): Promise<void> {
    await this.post({ kind: 'checkpoint', mode: 'TRUNCATE' });
  }
}
