/**
 * How the board is printed (REC-9): the genogram and each column of the map on pages of their own,
 * and a tall part over several pages. A busy column of the map is many notes tall; shrunk onto one
 * A4 page its notes print at 4 pt. Cut into page-sized slices, each page prints the notes at a size
 * people can read, and the cuts fall in the gaps between notes.
 */
import { MAP_COLUMNS } from '../process/map.js';

/**
 * The tallest slice, in board units. A column is 528 units wide with its margin; at this height a
 * slice fills an A4 page at about 0.6 pt a unit, which prints a note's text at about 11 pt.
 */
export const MAX_SLICE_HEIGHT = 1150;

/** The parts of the board the record prints, each starting on a page of its own. */
export const BOARD_IMAGE_PARTS = ['genogram', ...MAP_COLUMNS] as const;
export type BoardImagePart = (typeof BOARD_IMAGE_PARTS)[number];

/** The most pages one part is printed on. */
export const MAX_SLICES = 12;

/** The name a page's picture is stored under: the part for its first page, then "worried-2"… */
export function boardImageName(part: BoardImagePart, page: number): string {
  return page === 1 ? part : `${part}-${page}`;
}

/** The part and page a stored picture's name stands for, or null for a name the board never uses. */
export function parseBoardImageName(name: string): { part: BoardImagePart; page: number } | null {
  const m = /^([a-z]+)(?:-([0-9]{1,2}))?$/.exec(name);
  const part = BOARD_IMAGE_PARTS.find((p) => p === m?.[1]);
  const page = m?.[2] === undefined ? 1 : Number(m[2]);
  // Only the names boardImageName makes ("worried-2", never "worried-02" or "worried-1"): each page has one.
  if (!part || page < 1 || page > MAX_SLICES || boardImageName(part, page) !== name) return null;
  return { part, page };
}

/**
 * Splits [top, bottom) into slices no taller than `max`, each cut placed in a gap between the
 * `blocked` spans (the shapes' extents), as far down as the limit allows. Where one shape is taller
 * than a page, or the only gap would leave the page more than half empty, the cut falls at the limit.
 */
export function sliceRanges(
  top: number,
  bottom: number,
  blocked: ReadonlyArray<readonly [number, number]>,
  max: number = MAX_SLICE_HEIGHT,
): Array<[number, number]> {
  const spans = mergeSpans(blocked);
  const slices: Array<[number, number]> = [];
  let start = top;
  while (bottom - start > max && slices.length < MAX_SLICES - 1) {
    const limit = start + max;
    // A gap high on the page would print a nearly empty one: cut through the shape at the limit instead.
    const gap = freeYAtOrAbove(spans, start, limit);
    const cut = gap !== null && gap - start >= max / 2 ? gap : limit;
    slices.push([start, cut]);
    start = cut;
  }
  slices.push([start, bottom]);
  return slices;
}

function mergeSpans(blocked: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...blocked].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = merged.at(-1);
    if (last && a < last[1])
      last[1] = Math.max(last[1], b); // spans that only touch leave a cut between them
    else merged.push([a, b]);
  }
  return merged;
}

/** The largest y in (start, limit] that lies inside no span, or null when the spans cover it all. */
function freeYAtOrAbove(spans: Array<[number, number]>, start: number, limit: number): number | null {
  let y = limit;
  for (let i = spans.length - 1; i >= 0 && y > start; i--) {
    const [a, b] = spans[i]!;
    if (a >= y) continue; // wholly below the candidate
    if (b <= y) return y; // the candidate sits in the gap below this span
    y = a; // inside the span: try just above it
  }
  return y > start ? y : null;
}
