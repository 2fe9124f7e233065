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
import { FencedError, StoreFullError } from '../store/storeFull.js';
import { type Committed, MOVED_MESSAGE, refused, STORE_FULL } from './model.js';

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
  /** The commit under way, if any: the next waits for it, so batches reach the store in order. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
    private readonly outcome: {
      committed(batch: Pending[]): void;
      refused(batch: Pending[]): void;
      /** Sessions another node owns now: dropped here, their members sent to it. */
      fenced(sessionIds: string[]): void;
    },
  ) {}

  /** Queues a resolved command for the next commit; settles with its acknowledgement. */
  add(pending: Pending): Promise<Committed> {
    const promise = new Promise<Committed>((settle) => this.batch.push({ ...pending, settle }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    return promise;
  }

  /**
   * Commits what is queued, after any commit under way; resolves once it is decided. While one
   * batch is being written (a store across the network takes a round trip), the next gathers
   * every command that arrives, so a slower store means bigger batches, not a queue of small ones.
   */
  flush(): Promise<void> {
    this.scheduled = false;
    this.tail = this.tail.then(() => this.commitQueued());
    return this.tail;
  }

  /** Takes dropped sessions' queued commands out, refused MOVED: they are for the node that holds them now. */
  discard(sessionIds: ReadonlySet<string>): void {
    const kept: typeof this.batch = [];
    for (const b of this.batch) {
      if (sessionIds.has(b.entry.sessionId)) b.settle(refused('MOVED', MOVED_MESSAGE));
      else kept.push(b);
    }
    this.batch = kept;
  }

  private async commitQueued(): Promise<void> {
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    try {
      await this.store.appendMany(batch.map((b) => b.entry));
    } catch (err) {
      if (err instanceof StoreFullError || err instanceof FencedError) {
        // Commands queued meanwhile were resolved against this batch's states: they go back too.
        const refusedAll = [...batch, ...this.batch];
        this.batch = [];
        this.outcome.refused(refusedAll);
        if (err instanceof StoreFullError) {
          this.log.error('store.full', { count: refusedAll.length });
          for (const b of refusedAll) b.settle(refused('UNAVAILABLE', STORE_FULL));
          return;
        }
        // Not one of them was written. Those of the fenced sessions are for the node that owns them
        // now; the rest are sent again by their clients (each client keeps a command until acknowledged).
        const moved = new Set(err.sessionIds);
        this.log.warn('store.fenced', { sessions: moved.size, count: refusedAll.length });
        for (const b of refusedAll)
          b.settle(
            moved.has(b.entry.sessionId)
              ? refused('MOVED', MOVED_MESSAGE)
              : refused('UNAVAILABLE', 'The server could not save that just now. Trying again.'),
          );
        this.outcome.fenced([...moved]);
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
