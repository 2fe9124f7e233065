/**
 * The board store's thread (see boardStore.ts): the one connection to the boards' file, running
 * each request in the order it came and answering each.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BoardReply, BoardRequest } from './boardStore.js';
import { openBoardsDatabase, prepareBoardTables } from './boardTables.js';
import type { Durability } from './schema.js';

const { file, durability } = workerData as { file: string; durability: Durability };
const db = openBoardsDatabase(file, durability);
const tables = prepareBoardTables(db);
const port = parentPort!;

function run(request: Exclude<BoardRequest, { kind: 'close' }>): BoardReply {
  switch (request.kind) {
    case 'load':
      return { ok: true, value: tables.load(request.sessionId) };
    case 'save':
      tables.save(request.changes, request.now);
      return { ok: true };
    case 'saveImage':
      return { ok: true, value: tables.saveImage(request.sessionId, request.png, request.now) };
    case 'loadImage':
      return { ok: true, value: tables.loadImage(request.sessionId) };
    case 'purge': {
      tables.purge(request.sessionId);
      // This thread holds the file's only connection, so nothing can keep the WAL busy.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { ok: true };
    }
  }
}

port.on('message', (request: BoardRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: BoardReply;
  try {
    reply = run(request);
  } catch (err) {
    // SQLite's messages name tables and constraints, never the values written.
    reply = { ok: false, message: (err as Error).message };
  }
  port.postMessage(reply);
});
