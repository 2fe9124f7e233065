/**
 * A full disk (or a store file at GROUPMAP_STORE_LIMIT_MB) is not damage: SQLite rolls the write
 * back and the file stays as it was. Such a write is refused with this error, and later writes
 * are tried as usual, so the server keeps serving what it has and never crash-loops.
 */
export class StoreFullError extends Error {
  override name = 'StoreFullError';
  constructor() {
    super('the store is full: nothing more can be saved until space is made');
  }
}

/** Another stored session already has this join code: nothing was written; pick another and try again. */
export class JoinCodeTakenError extends Error {
  override name = 'JoinCodeTakenError';
  constructor() {
    super('the join code is taken');
  }
}

/** A write by a node that no longer owns the session: nothing was written. */
export class FencedError extends Error {
  override name = 'FencedError';
  constructor(readonly sessionIds: string[]) {
    super('this node no longer owns the session');
  }
}

/** SQLite's code for a full disk or a database at its max_page_count. */
export const isDiskFull = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'SQLITE_FULL';

/** Caps a connection's file at `limitMb` (PRAGMA max_page_count): past it, writes fail as on a full disk. */
export function limitFileSize(
  db: { pragma(source: string, options?: { simple: boolean }): unknown },
  limitMb?: number,
) {
  if (limitMb === undefined) return;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.max(1, Math.floor((limitMb * 1024 * 1024) / pageSize))}`);
}
