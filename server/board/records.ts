/**
 * tldraw records the server writes itself: the Signs of Safety template, the caseworker's chosen
 * items as notes in "What needs to happen?", and the worker's exact words in the notes strip.
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
import { BOARD, COLUMN_TITLES, needsColumnHeight, notesStripHeight, TEMPLATE_IDS } from '../../shared/board/layout.js';

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

const frame = (id: string, index: IndexKey, x: number, y: number, w: number, h: number, name: string) =>
  shape('frame', id, PAGE_ID, index, x, y, { w, h, name, color: 'black' }, { template: true });

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
      growY: noteGrowth(opts.text),
      url: '',
      richText: richText(opts.text),
      scale: 1,
      textLastEditedBy: null,
    },
    opts.meta,
  );
}

/**
 * Extra height a note needs for its text. tldraw measures text in the browser; the server
 * estimates (medium text: about 13 characters a line of 34px on a 200px note with 16px padding).
 */
export function noteGrowth(text: string): number {
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 13)), 0);
  return Math.max(0, lines * 34 + 32 - 200);
}

/** The empty board: a document, a page, the genogram area, the three columns and the notes strip. */
export function templateRecords(): TLRecord[] {
  const { genogram: g, columns: c, notesStrip: n } = BOARD;
  let index = getIndexAbove(null);
  const next = () => (index = getIndexAbove(index));
  const columnIds = [TEMPLATE_IDS.worried, TEMPLATE_IDS.working, TEMPLATE_IDS.needs];
  return [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} } as unknown as TLRecord,
    { id: PAGE_ID, typeName: 'page', name: 'Board', index: 'a1', meta: {} } as unknown as TLRecord,
    frame(TEMPLATE_IDS.genogram, index, g.x, g.y, g.w, g.h, 'Genogram'),
    ...columnIds.map((id, i) => frame(id, next(), c.x + i * (c.w + c.gap), c.y, c.w, c.h, COLUMN_TITLES[i]!)),
    shape(
      'geo',
      TEMPLATE_IDS.nextSteps,
      TEMPLATE_IDS.needs,
      getIndexAbove(null),
      BOARD.nextSteps.padding,
      BOARD.nextSteps.top,
      {
        geo: 'rectangle',
        dash: 'dashed',
        url: '',
        w: c.w - 2 * BOARD.nextSteps.padding,
        h: c.h - BOARD.nextSteps.top - BOARD.nextSteps.padding,
        growY: 0,
        scale: 1,
        flipX: false,
        flipY: false,
        labelColor: 'grey',
        color: 'grey',
        fill: 'none',
        size: 's',
        font: 'sans',
        align: 'middle',
        verticalAlign: 'start',
        richText: richText('Next steps'),
      },
      { template: true },
    ),
    frame(TEMPLATE_IDS.notesStrip, next(), n.x, n.y, n.w, n.h, "Worker's exact words"),
  ];
}

/** Frame and zone sizes once the next steps and exact words have this many notes. */
export function resizedTemplate(
  current: Map<string, TLRecord>,
  counts: { nextSteps: number; words: number },
): TLRecord[] {
  const out: TLRecord[] = [];
  const resize = (id: string, h: number) => {
    const rec = current.get(id) as (TLRecord & { props: { h: number } }) | undefined;
    if (rec && rec.props.h !== h) out.push({ ...rec, props: { ...rec.props, h } } as TLRecord);
  };
  const needsH = needsColumnHeight(counts.nextSteps);
  resize(TEMPLATE_IDS.needs, needsH);
  resize(TEMPLATE_IDS.nextSteps, needsH - BOARD.nextSteps.top - BOARD.nextSteps.padding);
  resize(TEMPLATE_IDS.notesStrip, notesStripHeight(counts.words));
  return out;
}
