/**
 * The log writer's thread (see logWriter.ts): its own connection to the store, running each
 * request's jobs in order and answering once they are committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, prepareLogWrites, type Durability } from './schema.js';
import type { WriterReply, WriterRequest } from './logWriter.js';

const { file, durability } = workerData as { file: string; durability: Durability };
const db = openDatabase(file, durability);
const writes = prepareLogWrites(db);
const port = parentPort!;

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    for (const job of request.jobs) {
      if (job.kind === 'append') writes.appendMany(job.rows);
      else writes.purge(job.sessionId);
    }
    reply = { id: request.id, ok: true };
  } catch (err) {
    // SQLite's messages name tables and constraints, never the values written.
    reply = { id: request.id, ok: false, message: (err as Error).message };
  }
  port.postMessage(reply);
});
