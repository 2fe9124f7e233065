/**
 * One tldraw sync room (`@tldraw/sync-core`'s TLSocketRoom) per session, created on first use and
 * never twice. Rooms are persisted to the store as snapshots, written shortly after each change
 * and on shutdown, so a restarted server serves the same board. The session drives the board too:
 * a chosen item appears as a note in "What needs to happen?", a noted exact-words line in the
 * notes strip, with nobody retyping them.
 */
import { TLSocketRoom, type RoomSnapshot } from '@tldraw/sync-core';
import { createTLSchema, type TLRecord } from '@tldraw/tlschema';
import { getIndexAbove, type IndexKey } from '@tldraw/utils';
import { chosenNoteId, exactWordsNoteId, nextStepSlot, notesStripSlot, TEMPLATE_IDS } from '../../shared/board/layout.js';
import type { Role } from '../../shared/roles.js';
import type { SessionState } from '../../shared/state.js';
import type { Logger } from '../log.js';
import type { SessionHub } from '../sessions/hub.js';
import type { SqliteStore } from '../store/sqliteStore.js';
import { noteRecord, resizedTemplate, templateRecords } from './records.js';

const SAVE_DELAY_MS = 300;
export const boardSchema = createTLSchema();

interface Connection {
  memberId: string;
  role: Role;
}

interface Board {
  room: TLSocketRoom<TLRecord, Connection>;
  saveTimer: NodeJS.Timeout | null;
  /** What the last sync from the session put on the board, to skip work when nothing changed. */
  syncedKey: string;
}

export class BoardRooms {
  private readonly boards = new Map<string, Board>();

  constructor(
    private readonly store: SqliteStore,
    private readonly hub: SessionHub,
    private readonly log: Logger,
  ) {
    hub.onChange((sessionId, live) => void this.syncFromSession(sessionId, live.state));
    hub.onPurge((sessionId) => this.drop(sessionId));
  }

  has(sessionId: string): boolean {
    return this.boards.has(sessionId);
  }

  /** The session's room, loaded from the store or laid out from the template. */
  room(sessionId: string): TLSocketRoom<TLRecord, Connection> {
    return this.board(sessionId).room;
  }

  private board(sessionId: string): Board {
    const existing = this.boards.get(sessionId);
    if (existing) return existing;
    const saved = this.store.loadBoard(sessionId);
    const initialSnapshot: RoomSnapshot = saved
      ? (JSON.parse(saved) as RoomSnapshot)
      : { clock: 0, documents: templateRecords().map((state) => ({ state, lastChangedClock: 0 })), schema: boardSchema.serialize() };
    const board: Board = {
      room: new TLSocketRoom<TLRecord, Connection>({
        schema: boardSchema,
        initialSnapshot,
        onDataChange: () => this.scheduleSave(sessionId),
        log: { warn: () => {}, error: () => this.log.error('board.error', { sessionId }) },
      }),
      saveTimer: null,
      syncedKey: '',
    };
    this.boards.set(sessionId, board);
    if (!saved) this.save(sessionId);
    const live = this.hub.get(sessionId);
    if (live) void this.syncFromSession(sessionId, live.state);
    return board;
  }

  /** Rights follow roles: the facilitator edits, the advisor when allowed, everyone else watches. */
  static canEdit(role: Role, state: SessionState): boolean {
    return role === 'facilitator' || (role === 'advisor' && state.advisorCanEdit);
  }

  /** Advisors already connected get their new rights by reconnecting. */
  private reconnectAdvisors(board: Board, state: SessionState): void {
    for (const s of board.room.getSessions()) {
      if (s.meta.role === 'advisor' && s.isReadonly === BoardRooms.canEdit('advisor', state)) board.room.closeSession(s.sessionId);
    }
  }

  private async syncFromSession(sessionId: string, state: SessionState): Promise<void> {
    if (state.status === 'purged') return;
    const chosen = Object.values(state.items)
      .filter((i) => i.chosen && !i.withdrawn)
      .sort((a, b) => (a.chosenAt ?? 0) - (b.chosenAt ?? 0));
    const words = state.exactWords;
    if (!this.boards.has(sessionId) && chosen.length === 0 && words.length === 0) return;
    const board = this.board(sessionId);
    this.reconnectAdvisors(board, state);
    const key = `${chosen.map((i) => i.id).join(',')}|${words.map((w) => w.id).join(',')}`;
    if (key === board.syncedKey) return;
    board.syncedKey = key;
    await board.room.updateStore((store) => {
      const all = new Map<string, TLRecord>(store.getAll().map((r) => [r.id, r]));
      const wanted = new Set([...chosen.map((i) => chosenNoteId(i.id)), ...words.map((w) => exactWordsNoteId(w.id))]);
      for (const [id] of all) {
        if ((id.startsWith('shape:chosen-') || id.startsWith('shape:words-')) && !wanted.has(id)) store.delete(id);
      }
      for (const r of resizedTemplate(all, { nextSteps: chosen.length, words: words.length })) store.put(r);
      const topIndex = (parentId: string): IndexKey =>
        [...all.values()]
          .filter((r) => (r as { parentId?: string }).parentId === parentId)
          .map((r) => (r as { index: IndexKey }).index)
          .sort()
          .at(-1) ?? getIndexAbove(null);
      let needsIndex = topIndex(TEMPLATE_IDS.needs);
      chosen.forEach((item, n) => {
        const id = chosenNoteId(item.id);
        if (all.has(id)) return; // already there, perhaps moved by the facilitator: leave it
        needsIndex = getIndexAbove(needsIndex);
        store.put(noteRecord({ id, parentId: TEMPLATE_IDS.needs, index: needsIndex, ...nextStepSlot(n), text: item.text, color: 'light-green', meta: { itemId: item.id } }));
      });
      let wordsIndex = topIndex(TEMPLATE_IDS.notesStrip);
      words.forEach((note, n) => {
        const id = exactWordsNoteId(note.id);
        if (all.has(id)) return;
        wordsIndex = getIndexAbove(wordsIndex);
        store.put(noteRecord({ id, parentId: TEMPLATE_IDS.notesStrip, index: wordsIndex, ...notesStripSlot(n), text: `“${note.text}”`, color: 'light-blue', meta: { exactWordsId: note.id } }));
      });
    });
  }

  private scheduleSave(sessionId: string): void {
    const board = this.boards.get(sessionId);
    if (!board || board.saveTimer) return;
    board.saveTimer = setTimeout(() => {
      board.saveTimer = null;
      this.save(sessionId);
    }, SAVE_DELAY_MS);
  }

  private save(sessionId: string): void {
    const board = this.boards.get(sessionId);
    // A session being purged is gone from the hub before its rows are: never write its board back.
    if (!board || !this.hub.get(sessionId)) return;
    this.store.saveBoard(sessionId, JSON.stringify(board.room.getCurrentSnapshot()));
  }

  /** Writes every board with unsaved changes (on shutdown). */
  flushAll(): void {
    for (const [sessionId, board] of this.boards) {
      if (board.saveTimer) {
        clearTimeout(board.saveTimer);
        board.saveTimer = null;
        this.save(sessionId);
      }
    }
  }

  private drop(sessionId: string): void {
    const board = this.boards.get(sessionId);
    if (!board) return;
    if (board.saveTimer) clearTimeout(board.saveTimer);
    board.room.close();
    this.boards.delete(sessionId);
  }

  closeAll(): void {
    this.flushAll();
    for (const sessionId of [...this.boards.keys()]) this.drop(sessionId);
  }
}
