/**
 * The checkpointer's thread (see checkpointer.ts): its own connection to the store, running one
 * checkpoint per request and answering each, in the order they came.
 */
import { workerData } from 'node:worker_threads';
import { answerInOrder } from '../threads.js';
import type { CheckpointRequest } from './checkpointer.js';
import { openDatabase } from './schema.js';
import { isDiskFull } from './storeFull.js';

const { file } = workerData as { file: string };
// Full sync: a checkpoint syncs the database file before the WAL it copied from is reused.
const db = openDatabase(file, 'full');

answerInOrder<CheckpointRequest>(
  (request) => {
    // TRUNCATE waits (busy_timeout) for the main thread's short commits; busy means it gave up
    // before the WAL was emptied, so it tries again rather than report a purge as done.
    let busy = true;
    for (let attempt = 0; busy && attempt < 3; attempt++) {
      try {
        const [result] = db.pragma(`wal_checkpoint(${request.mode})`) as Array<{ busy: number }>;
        busy = request.mode === 'TRUNCATE' && result!.busy !== 0;
      } catch (err) {
        // On a full disk the WAL keeps what it holds, readable and safe; a later checkpoint copies it.
        if (request.mode === 'PASSIVE' && isDiskFull(err)) return { ok: true };
        throw err;
      }
    }
    return busy ? { ok: false, message: 'the WAL stayed busy' } : { ok: true };
  },
  () => db.close(),
);
