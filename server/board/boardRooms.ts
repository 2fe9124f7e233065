/**
 * The boards: one tldraw sync room (`@tldraw/sync-core`'s TLSocketRoom) per session while anyone
 * has that board open, never two. Each room keeps its records in tldraw's in-memory storage; it
 * is loaded from the board store when its first connection arrives, and once the last has gone
 * it is saved and let go, so idle sessions hold no board in memory.
 *
 * Saving follows tldraw's storage API, record by record: the room reports each push's committed
 * changes (onCommittedChanges), the server's own writes return theirs (emitChanges), and every
 * board changed within a save window goes to the board store together, in one transaction on
 * the store's own thread (server/store/boardStore.ts).
 *
 * Nothing acknowledged is lost: tldraw answers a push at once, so the answer to an editor (and
 * whatever follows it on that socket) is held until the save that covers the push is on disk.
 * An editor's screen shows its own strokes at once, as tldraw always does; only the
 * confirmation waits. Read-only screens are never held.
 *
 * The session drives the board too (server/board/sessionNotes.ts): chosen questions appear in the
 * next steps, placed items in their part of the map, exact words in the notes strip, the safety
 * scale in its part. Those writes go through the same storage, in one transaction, and reach
 * everyone connected.
 */
import {
  InMemorySyncStorage,
  type RoomSnapshot,
  TLSocketRoom,
  type TLSyncForwardDiff,
  type TLSyncStorageTransaction,
  type WebSocketMinimal,
} from '@tldraw/sync-core';
import { createTLSchema, type TLRecord } from '@tldraw/tlschema';
import { canEditBoard } from '../../shared/permissions.js';
import type { Role } from '../../shared/roles.js';
import type { SessionState } from '../../shared/state.js';
import type { Logger } from '../log.js';
import type { SessionHub } from '../sessions/hub.js';
import type { BoardChanges, StoredBoard } from '../store/sqliteStore.js';
import type { BoardStorage } from '../store/store.js';
import { FencedError, StoreFullError } from '../store/storeFull.js';
import { withOwnPresence } from './ownPresence.js';
import { templateRecords } from './records.js';
import { type BoardContent, boardContent, boardInputs, contentKey, writeSessionNotes } from './sessionNotes.js';

export const boardSchema = createTLSchema();

export type BoardRoom = TLSocketRoom<TLRecord, Connection>;

interface Connection {
  memberId: string;
  role: Role;
}

/** Records changed since the board's last save. */
interface Unsaved {
  puts: Map<string, TLRecord>;
  deletes: Set<string>;
  /** The puts are the whole board (a new board, or one migrated wholesale). */
  wipeAll: boolean;
  /** A new schema to store: a new board's, or one tldraw migrated on load. */
  schema?: string;
}

interface Board {
  room: BoardRoom;
  storage: InMemorySyncStorage<TLRecord>;
  unsaved: Unsaved | null;
  /** The document clock of the newest save on disk. */
  durableClock: number;
  /** Messages to editors held until the board is on disk up to `clock`, oldest first. */
  held: Array<{ socket: WebSocketMinimal; data: string; clock: number }>;
}

/**
 * How long a board's changes wait to be saved with every other board's. Saving at the end of
 * each turn (about 300 saves a second on 100 boards with someone drawing on each) put a
 * stroke's p99 to the other screens at 1.5-1.8 ms against 0.8-1 ms for tldraw's room hosted
 * bare; a window of 100 ms, at 1.1-1.3 ms, was as close as no saving at all (bench/boards.ts).
 */
const SAVE_WINDOW_MS = 100;
/** How often a save a full disk refused is tried again. */
const SPACE_RETRY_MS = 5_000;

export class BoardRooms {
  private readonly boards = new Map<string, Board>();
  private readonly loading = new Map<string, Promise<Board | null>>();
  /** Per session, what the last sync from the session put on the board, to skip work when nothing changed. */
  private readonly syncedKeys = new Map<string, string>();
  /** Per session, the state parts the last sync looked at: most commands replace none of them. */
  private readonly syncedInputs = new Map<string, readonly unknown[]>();
  private saveScheduled = false;
  /**
   * Saves a full disk refused: their changes wait in the board store's thread (boardStore.worker),
   * and their editors' confirmations here, until a save goes through; one is tried every
   * SPACE_RETRY_MS meanwhile.
   */
  private waitingForSpace: Array<[Board, number]> = [];
  private spaceRetry: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: BoardStorage,
    private readonly hub: SessionHub,
    private readonly log: Logger,
  ) {
    hub.onChange((sessionId, live) => this.syncFromSession(sessionId, live.state));
    hub.onPurge((sessionId) => this.drop(sessionId));
    // Another node owns these sessions now: its boards are the ones that count.
    hub.onDrop((sessionIds) => {
      for (const id of sessionIds) this.drop(id);
    });
    hub.beforeRelease((sessionId) => this.letGo(sessionId));
  }

  /** Whether the session's room is in memory now. */
  isLoaded(sessionId: string): boolean {
    return this.boards.has(sessionId);
  }

  /** The session's room, loaded from the store or laid out from the template; null once the session is gone. */
  async room(sessionId: string): Promise<BoardRoom | null> {
    return (this.boards.get(sessionId) ?? (await this.load(sessionId)))?.room ?? null;
  }

  /**
   * Joins a socket to the session's loaded room (see room()); false if the room has been let go
   * meanwhile. An editor's socket is held back while the board has unsaved changes.
   */
  connect(
    sessionId: string,
    socket: WebSocketMinimal,
    session: { tab: string; memberId: string; name: string; role: Role; isReadonly: boolean },
  ): boolean {
    const board = this.boards.get(sessionId);
    if (!board) return false;
    const own = withOwnPresence(socket, session);
    board.room.handleSocketConnect({
      // One sync session per browser tab, prefixed so two members can never share one.
      sessionId: `${session.memberId}:${session.tab}`,
      socket: session.isReadonly ? own : heldUntilSaved(own, board),
      isReadonly: session.isReadonly,
      meta: { memberId: session.memberId, role: session.role },
    });
    return true;
  }

  /** The board's records as anyone opening it now would get them: in memory, else as stored, else the template. */
  async records(sessionId: string): Promise<TLRecord[]> {
    const board = this.boards.get(sessionId);
    const stored = board ? null : await this.store.load(sessionId);
    return (board ? board.storage.getSnapshot() : stored ? storedSnapshot(stored) : templateSnapshot()).documents.map(
      (d) => d.state as TLRecord,
    );
  }

  private load(sessionId: string): Promise<Board | null> {
    let loading = this.loading.get(sessionId);
    if (!loading) {
      loading = this.store.load(sessionId).then((stored) => {
        this.loading.delete(sessionId);
        // Purged while it loaded: nothing to open.
        return this.hub.get(sessionId) ? this.open(sessionId, stored) : null;
      });
      this.loading.set(sessionId, loading);
    }
    return loading;
  }

  private open(sessionId: string, stored: StoredBoard | null): Board {
    const snapshot = stored ? storedSnapshot(stored) : templateSnapshot();
    const storage = new InMemorySyncStorage<TLRecord>({ snapshot });
    const room: BoardRoom = new TLSocketRoom<TLRecord, Connection>({
      schema: boardSchema,
      storage,
      log: { warn: () => {}, error: () => this.log.error('board.error', { sessionId }) },
      onCommittedChanges: ({ diff }) => this.changed(board, diff),
      onSessionRemoved: (_room, { numSessionsRemaining }) => {
        if (numSessionsRemaining === 0) this.unload(sessionId);
      },
    });
    const board: Board = { room, storage, unsaved: null, durableClock: stored?.documentClock ?? -1, held: [] };
    this.boards.set(sessionId, board);
    // Opening the storage, the room migrated its records to this tldraw's schema if they were
    // older: a board new to the store, or so changed, is saved whole.
    const schema = JSON.stringify(storage.transaction((txn) => txn.getSchema()).result);
    if (!stored || stored.schema !== schema || storage.getClock() !== stored.documentClock) {
      const whole = storage.transaction((txn) => txn.getChangesSince(-1)).result!.diff;
      this.changed(board, whole, { wipeAll: true, schema });
    }
    return board;
  }

  /**
   * The session is handed to another node: its room closes (its editors reconnect there) and
   * what was left to save is written first; resolves once it is.
   */
  async letGo(sessionId: string): Promise<void> {
    const board = this.boards.get(sessionId);
    // No room open: a save its last editor's leaving queued may still be on its way; wait for it.
    if (!board) return this.store.drain();
    // Out of the map first, so the room's closing does not unload (and save) it a second time.
    this.boards.delete(sessionId);
    board.room.close();
    await this.save([[sessionId, board]]);
  }

  /** The room's last connection has gone: save what is left to save and let the room go. */
  private unload(sessionId: string): void {
    const board = this.boards.get(sessionId);
    if (!board) return;
    void this.save([[sessionId, board]]);
    this.boards.delete(sessionId);
    board.room.close();
  }

  /** The purged (or moved) session's board goes without a save (its rows are being deleted, or another node writes them). */
  private drop(sessionId: string): void {
    this.syncedKeys.delete(sessionId);
    this.syncedInputs.delete(sessionId);
    const board = this.boards.get(sessionId);
    if (!board) return;
    this.boards.delete(sessionId);
    board.room.close();
  }

  /**
   * Rights follow the session: advisors already connected get new rights by reconnecting, and a
   * removed member's board connections close (their tickets no longer open one).
   */
  private enforceRights(board: Board, state: SessionState): void {
    for (const s of board.room.getSessions()) {
      if (!state.members[s.meta.memberId]) board.room.closeSession(s.sessionId);
      else if (s.meta.role === 'advisor' && s.isReadonly === canEditBoard('advisor', state))
        board.room.closeSession(s.sessionId);
    }
  }

  private syncFromSession(sessionId: string, state: SessionState): void {
    if (state.status === 'purged') return;
    const loaded = this.boards.get(sessionId);
    if (loaded) this.enforceRights(loaded, state);
    const inputs = boardInputs(state);
    const before = this.syncedInputs.get(sessionId);
    if (before?.every((part, i) => part === inputs[i])) return;
    this.syncedInputs.set(sessionId, inputs);
    const content = boardContent(state);
    const key = contentKey(content);
    if (key === (this.syncedKeys.get(sessionId) ?? '')) return;
    this.syncedKeys.set(sessionId, key);
    if (loaded) {
      this.placeSessionNotes(loaded, content);
      return;
    }
    // Nobody has the board open: load it for the write, then let it go unless someone came meanwhile.
    this.load(sessionId).then(
      (board) => {
        // A newer sync ran meanwhile and wrote the newest notes: this one is stale.
        if (!board || this.syncedKeys.get(sessionId) !== key) return;
        this.placeSessionNotes(board, content);
        // After the connections that waited on the same load have joined the room (microtasks).
        setImmediate(() => {
          if (this.boards.get(sessionId) === board && board.room.getSessions().length === 0) this.unload(sessionId);
        });
      },
      (err: Error) => this.failed(err),
    );
  }

  /** Damage to the store: stop, as a failed commit of the command log does; a restart serves what is on disk. */
  private failed(err: Error): void {
    this.log.error('board.store.failed', { error: err.name });
    setImmediate(() => {
      throw err;
    });
  }

  private placeSessionNotes(board: Board, content: BoardContent): void {
    const { changes } = board.storage.transaction((txn) => writeSessionNotes(txn, content, put), {
      emitChanges: 'always',
    });
    if (changes) this.changed(board, changes);
  }

  /** Collects a board's changes; they are saved at the end of this turn, with every other board's. */
  private changed(board: Board, diff: TLSyncForwardDiff<TLRecord>, whole?: { wipeAll: true; schema: string }): void {
    if (!board.unsaved || whole) board.unsaved = { puts: new Map(), deletes: new Set(), wipeAll: false, ...whole };
    const unsaved = board.unsaved;
    for (const [id, put] of Object.entries(diff.puts)) {
      unsaved.puts.set(id, Array.isArray(put) ? put[1] : put);
      unsaved.deletes.delete(id);
    }
    for (const id of diff.deletes) {
      unsaved.puts.delete(id);
      unsaved.deletes.add(id);
    }
    if (this.saveScheduled) return;
    this.saveScheduled = true;
    setTimeout(() => {
      this.saveScheduled = false;
      void this.save([...this.boards].filter(([, b]) => b.unsaved));
    }, SAVE_WINDOW_MS);
  }

  /** Hands these boards' unsaved changes to the store, in one transaction. */
  private save(boards: Array<[string, Board]>): Promise<void> {
    const changes: BoardChanges[] = [];
    const saved: Array<[Board, number]> = [];
    for (const [sessionId, board] of boards) {
      const unsaved = board.unsaved;
      board.unsaved = null;
      // A session being purged is gone from the hub before its rows are: never write its board back.
      if (!unsaved || !this.hub.get(sessionId)) continue;
      const clock = board.storage.getClock();
      changes.push({
        sessionId,
        documentClock: clock,
        // Within the saved clock is all a reconnecting client is compared against, since a
        // reloaded board starts its tombstone history at that clock.
        puts: [...unsaved.puts].map(([id, record]) => ({ id, state: JSON.stringify(record), lastChangedClock: clock })),
        deletes: [...unsaved.deletes],
        wipeAll: unsaved.wipeAll,
        ...(unsaved.schema !== undefined ? { schema: unsaved.schema } : {}),
      });
      saved.push([board, clock]);
    }
    if (changes.length === 0) return Promise.resolve();
    return this.write(changes, saved);
  }

  /** Resolves once the save is decided (written, refused for space, or fenced and the rest written). */
  private write(changes: BoardChanges[], saved: Array<[Board, number]>): Promise<void> {
    return this.store.save(changes).then(
      () => {
        for (const [board, clock] of [...this.waitingForSpace.splice(0), ...saved]) release(board, clock);
      },
      (err: Error) => {
        if (err instanceof FencedError) {
          // The fenced sessions belong to another node now: nothing of theirs was written. Every
          // other board in the save was (the store's contract), so its editors hear so now.
          const lostBoards = new Set(err.sessionIds.map((id) => this.boards.get(id)));
          this.hub.drop(err.sessionIds);
          for (const [board, clock] of [...this.waitingForSpace.splice(0), ...saved])
            if (!lostBoards.has(board)) release(board, clock);
          return;
        }
        if (!(err instanceof StoreFullError)) return this.failed(err);
        if (this.waitingForSpace.length === 0) this.log.error('board.store.full', {});
        this.waitingForSpace.push(...saved);
        this.spaceRetry ??= setTimeout(() => {
          this.spaceRetry = null;
          void this.write([], []);
        }, SPACE_RETRY_MS);
      },
    );
  }

  /** On shutdown: hands every board's unsaved changes to the store and closes every room. */
  closeAll(): void {
    if (this.spaceRetry) clearTimeout(this.spaceRetry);
    void this.save([...this.boards]);
    for (const [sessionId, board] of [...this.boards]) {
      this.boards.delete(sessionId);
      board.room.close();
    }
  }
}

/** An editor's socket whose messages wait while the board holds changes not yet on disk. */
function heldUntilSaved(socket: WebSocketMinimal, board: Board): WebSocketMinimal {
  return {
    get readyState() {
      return socket.readyState;
    },
    ...(socket.addEventListener ? { addEventListener: socket.addEventListener.bind(socket) } : {}),
    ...(socket.removeEventListener ? { removeEventListener: socket.removeEventListener.bind(socket) } : {}),
    close: (code, reason) => socket.close(code, reason),
    send: (data) => {
      const clock = board.storage.getClock();
      // Behind anything already held for this socket, so the order of messages never changes.
      if (clock <= board.durableClock && !board.held.some((h) => h.socket === socket)) socket.send(data);
      else board.held.push({ socket, data, clock });
    },
  };
}

/** The board is on disk up to `clock`: what was held for it goes out, in order. */
function release(board: Board, clock: number): void {
  board.durableClock = Math.max(board.durableClock, clock);
  let kept = 0;
  const blocked = new Set<WebSocketMinimal>();
  for (const h of board.held) {
    if (h.clock <= board.durableClock && !blocked.has(h.socket)) {
      if (h.socket.readyState === 1) h.socket.send(h.data);
    } else {
      blocked.add(h.socket);
      board.held[kept++] = h;
    }
  }
  board.held.length = kept;
}

function templateSnapshot(): RoomSnapshot {
  return {
    documentClock: 0,
    tombstoneHistoryStartsAtClock: 0,
    documents: templateRecords().map((state) => ({ state, lastChangedClock: 0 })),
    schema: boardSchema.serialize(),
  };
}

/** A stored board as tldraw's storage takes it; its tombstone history starts at its clock. */
function storedSnapshot(stored: StoredBoard): RoomSnapshot {
  return {
    documentClock: stored.documentClock,
    tombstoneHistoryStartsAtClock: stored.documentClock,
    documents: stored.records.map((r) => ({
      state: JSON.parse(r.state) as TLRecord,
      lastChangedClock: r.lastChangedClock,
    })),
    schema: JSON.parse(stored.schema),
  };
}

/** Puts a record after the schema has validated it, as the room does with clients' records. */
function put(txn: TLSyncStorageTransaction<TLRecord>, record: TLRecord, before: TLRecord | undefined): void {
  const type = boardSchema.types[record.typeName];
  type.validate(record as never, before as never);
  txn.set(record.id, record);
}
