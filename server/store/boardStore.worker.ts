/**
 * The board store's thread (see boardStore.ts): the one connection to the boards' file, running
 * each request in the order it came and answering each.
 */
import { workerData } from 'node:worker_threads';
import { answerInOrder, type WorkerReply } from '../threads.js';
import type { BoardRequest } from './boardStore.js';
import { type BoardChanges, openBoardsDatabase, prepareBoardTables } from './boardTables.js';
import { type Durability, quickCheckProblems } from './schema.js';
import { isDiskFull, limitFileSize } from './storeFull.js';

const { file, durability, limitMb } = workerData as { file: string; durability: Durability; limitMb?: number };
const db = openBoardsDatabase(file, durability);
limitFileSize(db, limitMb);
const tables = prepareBoardTables(db);
/**
 * Changes a full disk refused, oldest first: written before the next save's own, in its
 * transaction, so that a board's records land in the order they changed however long the disk
 * stays full. Only this thread writes the file, so nothing can overtake them.
 */
let refusedForSpace: BoardChanges[] = [];

function run(request: Exclude<BoardRequest, { kind: 'close' }>): WorkerReply {
  switch (request.kind) {
    case 'load':
      return { ok: true, value: tables.load(request.sessionId) };
    case 'save': {
      const changes = [...refusedForSpace, ...request.changes];
      try {
        tables.save(changes, request.now);
      } catch (err) {
        if (!isDiskFull(err)) throw err;
        refusedForSpace = changes;
        throw err;
      }
      refusedForSpace = [];
      return { ok: true };
    }
    case 'saveImage':
      return { ok: true, value: tables.saveImage(request.sessionId, request.name, request.png, request.now) };
    case 'loadImages':
      return { ok: true, value: tables.loadImages(request.sessionId) };
    case 'checkAtStart': {
      const problems = quickCheckProblems(db);
      const orphans = tables.orphans(new Set(request.sessions));
      for (const sessionId of orphans) tables.purge(sessionId);
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { ok: true, value: { problems, orphans: orphans.length } };
    }
    case 'purge': {
      // Changes a full disk held back must not write a purged board back.
      refusedForSpace = refusedForSpace.filter((c) => c.sessionId !== request.sessionId);
      tables.purge(request.sessionId);
      // This thread holds the file's only connection, so nothing can keep the WAL busy.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { ok: true };
    }
  }
}

answerInOrder<BoardRequest>(run, () => db.close());
