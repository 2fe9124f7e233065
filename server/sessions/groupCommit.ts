/**
 * Group commit: the commands accepted in one turn of the event loop share one transaction and one
 * fsync, committed just after that turn's I/O (setImmediate), so a busy server pays one fsync per
 * batch, not per command. Each command's promise settles once its batch is decided:
 *
 * - committed: the hub's `committed` runs first (the durable state moves, members are sent
 *   it), then every command in the batch is acknowledged with its seq;
 * - refused for want of space (StoreFullError): nothing was written; the hub's `refused` puts
 *   the sessions back as they are on disk, and every command is answered UNAVAILABLE;
 * - anything else is damage: the process ends (fail-stop). Nothing in the batch was
 *   acknowledged, clients send it again, and a restart serves exactly what is on disk.
 */
import type { Logger } from '../log.js';
import type { AppendEntry } from '../store/sqliteStore.js';
import type { SessionStore } from '../store/store.js';
import { StoreFullError } from '../store/storeFull.js';
import { type Committed, refused, STORE_FULL } from './model.js';

export interface Pending {
  entry: AppendEntry;
  /** What a retry of this command is recognised by; null for the system's own commands. */
  key: string | null;
  /** The session's logged bytes once this command is on disk. */
  logBytes: number;
}

export class GroupCommit {
  private batch: Array<Pending & { settle: (result: Committed) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
    private readonly outcome: { committed(batch: Pending[]): void; refused(batch: Pending[]): void },
  ) {}

  /** Queues a resolved command for the next commit; settles with its acknowledgement. */
  add(pending: Pending): Promise<Committed> {
    const promise = new Promise<Committed>((settle) => this.batch.push({ ...pending, settle }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return promise;
  }

  /** Commits what is queued now (a purge first commits what was accepted before it). */
  flush(): void {
    this.scheduled = false;
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    try {
      this.store.appendMany(batch.map((b) => b.entry));
    } catch (err) {
      if (err instanceof StoreFullError) {
        this.log.error('store.full', { count: batch.length });
        this.outcome.refused(batch);
        for (const b of batch) b.settle(refused('UNAVAILABLE', STORE_FULL));
        return;
      }
      this.log.error('store.failed', { error: (err as Error).name });
      // Thrown outside any caller's try, so nothing can catch it and carry on unpersisted.
      setImmediate(() => {
        throw err;
      });
      return;
    }
    this.outcome.committed(batch);
    for (const b of batch) b.settle({ ok: true, value: { seq: b.entry.seq, duplicate: false } });
  }
}
