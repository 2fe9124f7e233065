/** REC-9: a tall part of the board is printed over pages, cut in the gaps between its notes. */
import { describe, expect, it } from 'vitest';
import { boardImageName, MAX_SLICES, parseBoardImageName, sliceRanges } from '../../shared/board/printPages.js';

describe('sliceRanges (REC-9)', () => {
  it('keeps a part that fits on one page whole', () => {
    expect(sliceRanges(0, 900, [[100, 300]], 1000)).toEqual([[0, 900]]);
  });

  it('cuts in the gap nearest the limit, never through a note', () => {
    // Rows of notes 200 tall with 16 between them, from 40 down.
    const rows = Array.from({ length: 10 }, (_, i) => [40 + i * 216, 240 + i * 216] as const);
    const slices = sliceRanges(0, 2200, rows, 1000);
    expect(slices[0]).toEqual([0, 904]); // the gap after the 4th row ends at 904
    for (const [a, b] of slices) {
      expect(b - a).toBeLessThanOrEqual(1000);
      for (const [top, bottom] of rows) expect(a > top && a < bottom, `cut at ${a} through a note`).toBe(false);
    }
    expect(slices.at(-1)![1]).toBe(2200);
    // The slices follow each other with nothing left out.
    for (let i = 1; i < slices.length; i++) expect(slices[i]![0]).toBe(slices[i - 1]![1]);
  });

  it('merges overlapping spans before looking for a gap', () => {
    expect(
      sliceRanges(
        0,
        1500,
        [
          [100, 700],
          [650, 950],
          [1020, 1400],
        ],
        1000,
      ),
    ).toEqual([
      [0, 1000],
      [1000, 1500],
    ]);
    expect(
      sliceRanges(
        0,
        1500,
        [
          [100, 700],
          [650, 1030],
          [1020, 1400],
        ],
        1000,
      ),
    ).toEqual([
      [0, 1000],
      [1000, 1500],
    ]);
  });

  it('never prints a nearly empty page: a gap in the top half of a page is not used', () => {
    // One tall drawing starting just below the top: the cut goes through it at the limit.
    expect(sliceRanges(0, 1800, [[60, 1700]], 1000)).toEqual([
      [0, 1000],
      [1000, 1800],
    ]);
  });

  it('cuts between spans that only touch: notes a clearance apart', () => {
    const touching: Array<[number, number]> = [
      [100, 700],
      [650, 1020],
      [1020, 1400],
    ];
    expect(sliceRanges(0, 1500, touching, 1100)).toEqual([
      [0, 1020],
      [1020, 1500],
    ]);
  });

  it('cuts at the limit when one shape is taller than a page', () => {
    expect(sliceRanges(0, 2500, [[0, 2500]], 1000)).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 2500],
    ]);
  });

  it('never makes more pages than the store keeps: the last one takes the rest', () => {
    const slices = sliceRanges(0, 100_000, [], 1000);
    expect(slices).toHaveLength(MAX_SLICES);
    expect(slices.at(-1)).toEqual([11_000, 100_000]);
  });
});

describe('board picture names', () => {
  it('name a part’s first page by the part and later pages by number, and read back only those', () => {
    expect(boardImageName('worried', 1)).toBe('worried');
    expect(boardImageName('worried', 3)).toBe('worried-3');
    expect(parseBoardImageName('worried-3')).toEqual({ part: 'worried', page: 3 });
    expect(parseBoardImageName('genogram')).toEqual({ part: 'genogram', page: 1 });
    for (const bad of [
      'worried-1',
      'worried-0',
      'worried-02',
      'worried-13',
      'board',
      'harm',
      'needs-2-2',
      '../x',
      'Needs',
      '',
    ])
      expect(parseBoardImageName(bad), bad).toBeNull();
  });
});
