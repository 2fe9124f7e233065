/**
 * Where things sit on the board: the genogram area, the Signs of Safety map's three columns with
 * their parts (MAP-1), the notes strip for the worker's exact words, and the words-and-pictures
 * frames. The server lays the template out from these and grows each part with its notes; the
 * client's genogram kit places people inside the genogram area.
 */
import { MAP_COLUMNS, MAP_PART_SPECS, type MapColumn, type MapPart } from '../process/map.js';

export const BOARD = {
  genogram: { x: 0, y: 0, w: 1500, h: 560 },
  columns: { x: 0, y: 620, w: 480, gap: 30 },
  /** Parts are frames inside their column; a nested frame's name sits above it, hence the gaps. */
  parts: { x: 15, top: 50, w: 450, gap: 50, minH: 250, bottom: 20 },
  note: { size: 200, gap: 16, top: 40, left: 15 },
  /** The safety scale's part holds one drawn scale, not notes, in large type for the room. */
  scale: { h: 380 },
  notesStrip: { x: 1560, y: 0, w: 260, h: 1820 },
  wordsAndPictures: { x: 1880, y: 0, w: 1100, h: 800, gap: 80 },
} as const;

/** Stable ids: the template is laid out once, and a second attempt finds it in place. */
export const TEMPLATE_IDS = {
  genogram: 'shape:template-genogram',
  worried: 'shape:template-worried',
  working: 'shape:template-working',
  needs: 'shape:template-needs',
  nextSteps: 'shape:template-part-next-steps',
  notesStrip: 'shape:template-notes-strip',
} as const;

/** The dashed "Next steps" box of boards made before the map had parts: replaced by its part. */
export const LEGACY_NEXT_STEPS_ID = 'shape:template-next-steps';

export const COLUMN_IDS: Record<MapColumn, string> = {
  worried: TEMPLATE_IDS.worried,
  working: TEMPLATE_IDS.working,
  needs: TEMPLATE_IDS.needs,
};

export const partFrameId = (part: MapPart) => `shape:template-part-${part}`;
export const chosenNoteId = (itemId: string) => `shape:chosen-${itemId}`;
export const exactWordsNoteId = (noteId: string) => `shape:words-${noteId}`;
export const placedNoteId = (placementId: string) => `shape:placed-${placementId}`;
export const SAFETY_SCALE_ID = 'shape:safety-scale';
export const wordsAndPicturesId = (stage: 'danger' | 'safety-goals') => `shape:template-wp-${stage}`;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const STEP = BOARD.note.size + BOARD.note.gap;

/**
 * How tldraw sets a note's text at size s: 18 px sans on a 1.35 line, in the 168 px between 16 px
 * paddings, which holds about 19 characters of ordinary words (measured on the board); 18 leaves
 * room for wide letters.
 */
const NOTE_TEXT = { charsPerLine: 18, lineHeight: 24.3, padding: 16 } as const;

/** The lines a note's text wraps to: word by word, as the browser wraps it, with long words broken. */
export function noteLines(text: string): number {
  const max = NOTE_TEXT.charsPerLine;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let used = -1; // characters on the current line, -1 before its first word
    lines += 1;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (used >= 0 && used + 1 + word.length <= max) {
        used += 1 + word.length;
        continue;
      }
      if (used >= 0) lines += 1;
      // A word longer than a line is broken across as many lines as it fills.
      lines += Math.ceil(word.length / max) - 1;
      used = word.length % max || max;
    }
  }
  return lines;
}

/**
 * The height a note needs for its text. tldraw measures text in the browser and the server has no
 * fonts, so the server estimates, and lays notes out by it: a long question makes its row taller
 * instead of running into the note below.
 */
export function noteHeight(text: string): number {
  // Half a line to spare: a line the estimate missed shows, rather than spilling out of the note.
  const needed = Math.ceil((noteLines(text) + 0.5) * NOTE_TEXT.lineHeight + 2 * NOTE_TEXT.padding);
  return Math.max(BOARD.note.size, needed);
}

/** The tops of rows of notes two to a row, each row as tall as its taller note; and where the last ends. */
function rows(heights: readonly number[]): { tops: number[]; end: number } {
  const tops: number[] = [];
  let y = 0;
  for (let i = 0; i < heights.length; i += 2) {
    tops.push(y);
    y += Math.max(heights[i]!, heights[i + 1] ?? 0) + BOARD.note.gap;
  }
  return { tops, end: y };
}

/** A part's height for notes of these heights (two to a row). */
function partHeight(part: MapPart, heights: readonly number[]): number {
  if (part === 'safety-scale') return BOARD.scale.h;
  return Math.max(BOARD.parts.minH, BOARD.note.top + rows(heights).end + BOARD.parts.bottom);
}

export interface MapLayout {
  /**
   * Every column is as tall as the tallest, so the map reads as one table, and no taller than its
   * parts need: the projector frames the columns, and empty height would only shrink the notes.
   */
  columnH: number;
  /** Each part's frame, relative to its column. */
  parts: Record<MapPart, Rect>;
}

/** The map's parts stacked in their columns, each as tall as its notes need (their heights, in order). */
export function mapLayout(heights: Partial<Record<MapPart, readonly number[]>>): MapLayout {
  const p = BOARD.parts;
  const parts = {} as Record<MapPart, Rect>;
  let columnH = 0;
  for (const column of MAP_COLUMNS) {
    let y: number = p.top;
    for (const spec of MAP_PART_SPECS.filter((s) => s.column === column)) {
      const h = partHeight(spec.id, heights[spec.id] ?? []);
      parts[spec.id] = { x: p.x, y, w: p.w, h };
      y += h + p.gap;
    }
    columnH = Math.max(columnH, y - p.gap + p.bottom);
  }
  return { columnH, parts };
}

/** The column frame of each column, in page coordinates. */
export function columnRect(column: MapColumn, columnH: number): Rect {
  const c = BOARD.columns;
  return { x: c.x + MAP_COLUMNS.indexOf(column) * (c.w + c.gap), y: c.y, w: c.w, h: columnH };
}

/** Position of the n-th note inside a part (two per row), relative to the part, given every note's height. */
export function partSlot(n: number, heights: readonly number[]): { x: number; y: number } {
  return { x: BOARD.note.left + (n % 2) * STEP, y: BOARD.note.top + rows(heights).tops[Math.floor(n / 2)]! };
}

/** Position of the n-th exact-words note in the notes strip, one under another, given their heights. */
export function notesStripSlot(n: number, heights: readonly number[]): { x: number; y: number } {
  return { x: 30, y: 40 + heights.slice(0, n).reduce((y, h) => y + h + BOARD.note.gap, 0) };
}

export function notesStripHeight(heights: readonly number[]): number {
  return Math.max(BOARD.notesStrip.h, notesStripSlot(heights.length, heights).y + 20);
}

/** Where each stage's words-and-pictures frame goes: to the right of the notes strip, one above the other. */
export function wordsAndPicturesRect(stage: 'danger' | 'safety-goals'): Rect {
  const w = BOARD.wordsAndPictures;
  return { x: w.x, y: w.y + (stage === 'danger' ? 0 : w.h + w.gap), w: w.w, h: w.h };
}

/** The words-and-pictures headings (A6-DANGER-2): the title across the top, then four boxes. */
export const WORDS_AND_PICTURES_BOXES = [
  "Who's worried?",
  'What are they worried about?',
  'What happened then?',
  'What are we doing about the worries?',
] as const;
