/**
 * What every write to the PostgreSQL store shares: one transaction on a pooled connection, a full
 * disk told apart from damage, and the fence each write checks (pgOwnership.ts).
 */
import type pg from 'pg';
import { StoreFullError } from '../storeFull.js';

/** PostgreSQL's error for a full disk (class 53, insufficient resources). */
const DISK_FULL = '53100';

/**
 * Runs `run` in one transaction. A full disk is StoreFullError: PostgreSQL rolled it back, nothing
 * was written, and later writes are tried. Anything else is thrown as it came, after the rollback.
 */
export async function inTransaction(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<unknown>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await run(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if ((err as { code?: string }).code === DISK_FULL) throw new StoreFullError();
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Whether the session is still at `epoch` (the one this node claimed), its row locked so that no
 * claim can raise it before this transaction ends: FOR SHARE for a write beside it, FOR UPDATE for
 * a purge, which must also wait for writes under way.
 */
export async function holdsAt(
  client: pg.PoolClient,
  sessionId: string,
  epoch: number | undefined,
  lock: 'FOR SHARE' | 'FOR UPDATE' = 'FOR SHARE',
): Promise<boolean> {
  if (epoch === undefined) return false;
  const { rowCount } = await client.query(`SELECT 1 FROM sessions WHERE id = $1 AND epoch = $2 ${lock}`, [
    sessionId,
    epoch,
  ]);
  return (rowCount ?? 0) > 0;
}
