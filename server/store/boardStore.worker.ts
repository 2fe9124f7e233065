/**
 * The board store's thread (see boardStore.ts): the one connection to the boards' file, running
 * each request in the order it came and answering each.
 */
import { workerData } from 'node:worker_threads';
import { answerInOrder, type WorkerReply } from '../threads.js';
import type { BoardRequest } from './boardStore.js';
import { openBoardsDatabase, prepareBoardTables } from './boardTables.js';
import type { Durability } from './schema.js';

const { file, durability } = workerData as { file: string; durability: Durability };
const db = openBoardsDatabase(file, durability);
const tables = prepareBoardTables(db);

function run(request: Exclude<BoardRequest, { kind: 'close' }>): WorkerReply {
  switch (request.kind) {
    case 'load':
      return { ok: true, value: tables.load(request.sessionId) };
    case 'save':
      tables.save(request.changes, request.now);
      return { ok: true };
    case 'saveImage':
      return { ok: true, value: tables.saveImage(request.sessionId, request.name, request.png, request.now) };
    case 'loadImages':
      return { ok: true, value: tables.loadImages(request.sessionId) };
    case 'purge': {
      tables.purge(request.sessionId);
      // This thread holds the file's only connection, so nothing can keep the WAL busy.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { ok: true };
    }
  }
}

answerInOrder<BoardRequest>(run, () => db.close());
