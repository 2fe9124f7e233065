/**
 * What the session puts on the board, with nobody retyping it: chosen questions as next steps
 * (A6-WW-4), items and exact words the facilitator sent to a part of the map (MAP-2), the worker's
 * exact words in the notes strip (A6-DESC-4), the safety scale with its key players' ratings
 * (A6-SCALE-5, A6-SCALE-6) and the words-and-pictures frames (A6-DANGER-2). A note is placed once;
 * after that the facilitator may move or edit it, and only the safety scale's drawing is rewritten.
 */
import type { TLSyncStorageTransaction } from '@tldraw/sync-core';
import type { TLDefaultColorStyle, TLRecord } from '@tldraw/tlschema';
import { getIndexAbove, type IndexKey } from '@tldraw/utils';
import {
  BOARD,
  COLUMN_IDS,
  chosenNoteId,
  exactWordsNoteId,
  LEGACY_NEXT_STEPS_ID,
  mapLayout,
  noteHeight,
  notesStripHeight,
  notesStripSlot,
  partFrameId,
  partSlot,
  placedNoteId,
  SAFETY_SCALE_ID,
  TEMPLATE_IDS,
  wordsAndPicturesId,
} from '../../shared/board/layout.js';
import { MAP_COLUMNS, type MapPart, mapPartSpec } from '../../shared/process/map.js';
import { stageChooses, stageSpec } from '../../shared/process/stages.js';
import type { SessionState } from '../../shared/state.js';
import { boxRecord, noteRecord, partFrames, wordsAndPicturesRecords } from './records.js';

interface BoardNote {
  /** The tldraw shape id. */
  id: string;
  part: MapPart;
  text: string;
  meta: Record<string, string>;
}

export interface BoardContent {
  /** Notes in the map's parts: chosen questions first (in the order chosen), then placed ones. */
  notes: BoardNote[];
  words: { id: string; text: string }[];
  /** The safety scale's drawing, or null while it has neither wording nor ratings. */
  scale: string | null;
  wordsAndPictures: ('danger' | 'safety-goals')[];
}

const PART_COLORS: Record<string, TLDefaultColorStyle> = {
  worried: 'light-red',
  working: 'yellow',
  needs: 'light-green',
};

/** The safety scale as the room reads it: its wording, what the ends mean, each key player's latest rating. */
export function safetyScaleText(state: SessionState): string | null {
  const latest = new Map<string, number>();
  for (const r of state.ratings) if (r.scale === 'safety' && r.keyPlayer) latest.set(r.keyPlayer, r.value);
  const scale = state.safetyScale;
  if (!scale && latest.size === 0) return null;
  const lines = scale
    ? [scale.question, `10 = ${scale.ten}`, `0 = ${scale.zero}`]
    : ['The worker has not worded the scale yet.'];
  if (latest.size > 0) lines.push(`Ratings: ${[...latest].map(([who, value]) => `${who} ${value}`).join(' · ')}`);
  return lines.join('\n');
}

/**
 * The parts of the state the board is drawn from. The machine replaces a part whenever it changes,
 * so when none was replaced (the clock, a stage, a member joining) the board needs no look at all.
 */
export function boardInputs(state: SessionState): readonly unknown[] {
  return [
    state.items,
    state.exactWords,
    state.ratings,
    state.placements,
    state.safetyScale,
    state.settings.wordsAndPictures,
  ];
}

export function boardContent(state: SessionState): BoardContent {
  const notes: BoardNote[] = Object.values(state.items)
    .filter((i) => i.chosen && !i.withdrawn && stageChooses(stageSpec(i.stageId)))
    .sort((a, b) => (a.chosenAt ?? 0) - (b.chosenAt ?? 0))
    .map((i) => ({ id: chosenNoteId(i.id), part: 'next-steps', text: i.text, meta: { itemId: i.id } }));
  for (const p of state.placements ?? []) {
    if (p.source.kind === 'item') {
      const item = state.items[p.source.itemId];
      if (!item || item.withdrawn) continue;
      notes.push({ id: placedNoteId(p.id), part: p.part, text: item.text, meta: { itemId: item.id } });
    } else {
      const noteId = p.source.noteId;
      const words = state.exactWords.find((n) => n.id === noteId);
      if (!words) continue;
      notes.push({ id: placedNoteId(p.id), part: p.part, text: `“${words.text}”`, meta: { exactWordsId: noteId } });
    }
  }
  return {
    notes,
    words: state.exactWords.map((n) => ({
      id: n.id,
      text: n.fromGroup ? `“${n.text}” (noted by the group)` : `“${n.text}”`,
    })),
    scale: safetyScaleText(state),
    wordsAndPictures: [...(state.settings.wordsAndPictures ?? [])].filter(
      (s): s is 'danger' | 'safety-goals' => s === 'danger' || s === 'safety-goals',
    ),
  };
}

/** What decides whether the board needs a write: ids and the scale (a placed note's text never changes). */
export function contentKey(c: BoardContent): string {
  if (c.notes.length + c.words.length === 0 && c.scale === null && c.wordsAndPictures.length === 0) return '';
  return [
    c.notes.map((n) => n.id).join(','),
    c.words.map((w) => w.id).join(','),
    c.scale ?? '',
    c.wordsAndPictures.join(','),
  ].join('|');
}

type Txn = TLSyncStorageTransaction<TLRecord>;
type Put = (txn: Txn, record: TLRecord, before: TLRecord | undefined) => void;
type Shape = TLRecord & { parentId?: string; index?: IndexKey; x?: number; y?: number; props?: { h: number } };

/** Brings the board in line with the session: one transaction, leaving whatever people drew alone. */
export function writeSessionNotes(txn: Txn, content: BoardContent, put: Put): void {
  const all = new Map<string, Shape>(txn.entries() as Iterable<[string, Shape]>);
  const wanted = new Set([...content.notes.map((n) => n.id), ...content.words.map((w) => exactWordsNoteId(w.id))]);
  for (const id of all.keys()) {
    const ours = id.startsWith('shape:chosen-') || id.startsWith('shape:words-') || id.startsWith('shape:placed-');
    if (ours && !wanted.has(id)) txn.delete(id);
  }
  if (all.has(LEGACY_NEXT_STEPS_ID)) txn.delete(LEGACY_NEXT_STEPS_ID);

  // The parts grow with their notes; every column stays as tall as the tallest.
  const heights: Partial<Record<MapPart, number[]>> = {};
  for (const n of content.notes) heights[n.part] = [...(heights[n.part] ?? []), noteHeight(n.text)];
  const layout = mapLayout(heights);
  for (const column of MAP_COLUMNS) resize(txn, put, all.get(COLUMN_IDS[column]), { h: layout.columnH });
  for (const frame of partFrames(layout)) {
    const current = all.get(frame.id);
    if (!current)
      put(txn, frame, undefined); // a board made before the map had parts
    else {
      const f = frame as Shape & { props: { w: number; h: number } };
      resize(txn, put, current, { x: f.x, y: f.y, h: f.props.h });
    }
  }
  const wordHeights = content.words.map((w) => noteHeight(w.text));
  resize(txn, put, all.get(TEMPLATE_IDS.notesStrip), { h: notesStripHeight(wordHeights) });

  const topIndex = (parentId: string): IndexKey =>
    [...all.values()]
      .filter((r) => r.parentId === parentId && r.index)
      .map((r) => r.index!)
      .sort()
      .at(-1) ?? getIndexAbove(null);
  const indexes = new Map<string, IndexKey>();
  const nextIndex = (parentId: string) => {
    const index = getIndexAbove(indexes.get(parentId) ?? topIndex(parentId));
    indexes.set(parentId, index);
    return index;
  };

  const slots = new Map<MapPart, number>();
  for (const note of content.notes) {
    const n = slots.get(note.part) ?? 0;
    slots.set(note.part, n + 1);
    const parentId = partFrameId(note.part);
    const existing = all.get(note.id);
    // Already there, perhaps moved by the facilitator: leave it, unless it predates the parts.
    if (existing && existing.parentId !== COLUMN_IDS.needs) continue;
    const color = PART_COLORS[mapPartSpec(note.part).column]!;
    const record = noteRecord({
      id: note.id,
      parentId,
      index: nextIndex(parentId),
      ...partSlot(n, heights[note.part]!),
      text: note.text,
      color,
      meta: note.meta,
    });
    const moved = existing
      ? ({ ...existing, parentId, index: record.index, ...partSlot(n, heights[note.part]!) } as TLRecord)
      : record;
    put(txn, moved, existing);
  }

  content.words.forEach((words, n) => {
    const id = exactWordsNoteId(words.id);
    if (all.has(id)) return;
    const parentId = TEMPLATE_IDS.notesStrip;
    const note = noteRecord({
      id,
      parentId,
      index: nextIndex(parentId),
      ...notesStripSlot(n, wordHeights),
      text: words.text,
      color: 'light-blue',
      meta: { exactWordsId: words.id },
    });
    put(txn, note, undefined);
  });

  writeSafetyScale(txn, put, all.get(SAFETY_SCALE_ID), content.scale);

  content.wordsAndPictures.forEach((stage) => {
    if (all.has(wordsAndPicturesId(stage))) return;
    for (const record of wordsAndPicturesRecords(stage, nextIndex('page:page'))) put(txn, record, undefined);
  });
}

/** The scale is the session's record: its drawing is rewritten whenever the wording or a rating changes. */
function writeSafetyScale(txn: Txn, put: Put, existing: Shape | undefined, text: string | null): void {
  if (text === null) {
    if (existing) txn.delete(SAFETY_SCALE_ID);
    return;
  }
  const fresh = boxRecord({
    id: SAFETY_SCALE_ID,
    parentId: partFrameId('safety-scale'),
    index: getIndexAbove(null),
    x: BOARD.note.left,
    y: BOARD.note.top,
    w: BOARD.parts.w - 2 * BOARD.note.left,
    h: BOARD.scale.h - BOARD.note.top - BOARD.parts.bottom,
    text,
    dash: 'solid',
    align: 'start',
    size: 'l',
    meta: { safetyScale: true },
  }) as Shape & { props: object };
  // Keep where the facilitator put it and how big they made it; rewrite the words.
  const record = existing
    ? { ...existing, props: { ...existing.props, richText: (fresh.props as { richText: unknown }).richText } }
    : fresh;
  put(txn, record as TLRecord, existing);
}

function resize(txn: Txn, put: Put, current: Shape | undefined, to: { x?: number; y?: number; h: number }): void {
  if (!current?.props) return;
  const same = current.props.h === to.h && (to.x ?? current.x) === current.x && (to.y ?? current.y) === current.y;
  if (same) return;
  const { h, ...position } = to;
  put(txn, { ...current, ...position, props: { ...current.props, h } } as TLRecord, current);
}
