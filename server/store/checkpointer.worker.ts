/**
 * The checkpointer's thread (see checkpointer.ts): its own connection to the store, running one
 * checkpoint per request and answering each, in the order they came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointReply, CheckpointRequest } from './checkpointer.js';
import { openDatabase } from './schema.js';

const { file } = workerData as { file: string };
// Full sync: a checkpoint syncs the database file before the WAL it copied from is reused.
const db = openDatabase(file, 'full');
const port = parentPort!;

port.on('message', (request: CheckpointRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: CheckpointReply;
  try {
    // TRUNCATE waits (busy_timeout) for the main thread's short commits; busy means it gave up
    // before the WAL was emptied, so it tries again rather than report a purge as done.
    let busy = true;
    for (let attempt = 0; busy && attempt < 3; attempt++) {
      const [result] = db.pragma(`wal_checkpoint(${request.mode})`) as Array<{ busy: number }>;
      busy = request.mode === 'TRUNCATE' && result!.busy !== 0;
    }
    reply = busy ? { ok: false, message: 'the WAL stayed busy' } : { ok: true };
  } catch (err) {
    // SQLite's messages name tables and files, never the values written.
    reply = { ok: false, message: (err as Error).message };
  }
  port.postMessage(reply);
});
