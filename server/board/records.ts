/**
 * tldraw records the server writes itself: the Signs of Safety template with the map's parts,
 * notes for chosen and placed items and for the worker's exact words, the safety scale's drawing
 * and the words-and-pictures frames (server/board/sessionNotes.ts decides which).
 * Props are typed with tlschema's own prop types, so a tldraw upgrade that renames or adds a prop
 * fails the type check; the room's schema validates every record again when it is put.
 */
import type {
  TLDefaultColorStyle,
  TLFrameShapeProps,
  TLGeoShapeProps,
  TLNoteShapeProps,
  TLParentId,
  TLRecord,
  TLRichText,
  TLShape,
  TLShapeId,
} from '@tldraw/tlschema';
import { getIndexAbove, type IndexKey } from '@tldraw/utils';
import {
  BOARD,
  COLUMN_IDS,
  columnRect,
  type MapLayout,
  mapLayout,
  noteHeight,
  partFrameId,
  type Rect,
  TEMPLATE_IDS,
  WORDS_AND_PICTURES_BOXES,
  wordsAndPicturesId,
  wordsAndPicturesRect,
} from '../../shared/board/layout.js';
import { MAP_COLUMN_TITLES, MAP_COLUMNS, partsOf } from '../../shared/process/map.js';

export const PAGE_ID = 'page:page';

export function richText(text: string): TLRichText {
  return {
    type: 'doc',
    content: text
      .split('\n')
      .map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  };
}

interface ShapeProps {
  frame: TLFrameShapeProps;
  geo: TLGeoShapeProps;
  note: TLNoteShapeProps;
}

function shape<T extends keyof ShapeProps>(
  type: T,
  id: string,
  parentId: string,
  index: IndexKey,
  x: number,
  y: number,
  props: ShapeProps[T],
  meta: Record<string, string | number | boolean> = {},
): TLShape {
  return {
    id: id as TLShapeId,
    typeName: 'shape',
    type,
    parentId: parentId as TLParentId,
    index,
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta,
    props,
  } as TLShape;
}

const frame = (id: string, parentId: string, index: IndexKey, r: Rect, name: string) =>
  shape('frame', id, parentId, index, r.x, r.y, { w: r.w, h: r.h, name, color: 'black' }, { template: true });

export function noteRecord(opts: {
  id: string;
  parentId: string;
  index: IndexKey;
  x: number;
  y: number;
  text: string;
  color: TLDefaultColorStyle;
  meta: Record<string, string>;
}): TLShape {
  return shape(
    'note',
    opts.id,
    opts.parentId,
    opts.index,
    opts.x,
    opts.y,
    {
      color: opts.color,
      labelColor: 'black',
      size: 's',
      font: 'sans',
      fontSizeAdjustment: 1, // a multiplier of the note's font size
      align: 'start',
      verticalAlign: 'start',
      growY: noteHeight(opts.text) - BOARD.note.size,
      url: '',
      richText: richText(opts.text),
      scale: 1,
      textLastEditedBy: null,
    },
    opts.meta,
  );
}

/** A labelled box: the safety scale's drawing, the words-and-pictures headings. */
export function boxRecord(opts: {
  id: string;
  parentId: string;
  index: IndexKey;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
  dash: 'dashed' | 'solid';
  align: 'start' | 'middle';
  /** Label size: the safety scale is read from the back of the room. */
  size?: 's' | 'l';
  meta?: Record<string, string | boolean>;
}): TLShape {
  return shape(
    'geo',
    opts.id,
    opts.parentId,
    opts.index,
    opts.x,
    opts.y,
    {
      geo: 'rectangle',
      dash: opts.dash,
      url: '',
      w: opts.w,
      h: opts.h,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: opts.dash === 'dashed' ? 'grey' : 'black',
      fill: 'none',
      size: opts.size ?? 's',
      font: 'sans',
      align: opts.align,
      verticalAlign: 'start',
      richText: richText(opts.text),
    },
    opts.meta ?? { template: true },
  );
}

/** The empty board: a document, a page, the genogram area, the three columns with their parts, the notes strip. */
export function templateRecords(): TLRecord[] {
  const { genogram: g, notesStrip: n } = BOARD;
  let index = getIndexAbove(null);
  const next = () => (index = getIndexAbove(index));
  const layout = mapLayout({});
  return [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} } as unknown as TLRecord,
    { id: PAGE_ID, typeName: 'page', name: 'Board', index: 'a1', meta: {} } as unknown as TLRecord,
    frame(TEMPLATE_IDS.genogram, PAGE_ID, index, g, 'Genogram'),
    ...MAP_COLUMNS.map((column) =>
      frame(COLUMN_IDS[column], PAGE_ID, next(), columnRect(column, layout.columnH), MAP_COLUMN_TITLES[column]),
    ),
    ...partFrames(layout),
    frame(TEMPLATE_IDS.notesStrip, PAGE_ID, next(), n, "Worker's exact words"),
  ];
}

/** The map's parts, as frames inside their columns. */
export function partFrames(layout: MapLayout): TLRecord[] {
  const out: TLRecord[] = [];
  for (const column of MAP_COLUMNS) {
    let index = getIndexAbove(null);
    for (const spec of partsOf(column)) {
      out.push(frame(partFrameId(spec.id), COLUMN_IDS[column], index, layout.parts[spec.id], spec.title));
      index = getIndexAbove(index);
    }
  }
  return out;
}

/** An empty words-and-pictures frame: the title across the top and the four headed boxes below. */
export function wordsAndPicturesRecords(stage: 'danger' | 'safety-goals', index: IndexKey): TLRecord[] {
  const rect = wordsAndPicturesRect(stage);
  const id = wordsAndPicturesId(stage);
  const name = stage === 'danger' ? 'Words and pictures: danger statement' : 'Words and pictures: safety goal';
  const pad = 20;
  const boxW = (rect.w - pad * (WORDS_AND_PICTURES_BOXES.length + 1)) / WORDS_AND_PICTURES_BOXES.length;
  let childIndex = getIndexAbove(null);
  const box = (n: number, x: number, y: number, w: number, h: number, text: string) => {
    const record = boxRecord({
      id: `${id}-${n}`,
      parentId: id,
      index: childIndex,
      x,
      y,
      w,
      h,
      text,
      dash: 'dashed',
      align: 'start',
    });
    childIndex = getIndexAbove(childIndex);
    return record;
  };
  return [
    frame(id, PAGE_ID, index, rect, name),
    box(0, pad, pad, rect.w - 2 * pad, 110, 'Title'),
    ...WORDS_AND_PICTURES_BOXES.map((heading, n) =>
      box(n + 1, pad + n * (boxW + pad), 150, boxW, rect.h - 150 - pad, heading),
    ),
  ];
}
