/** MAP-1: the map's parts grow with their notes, and a long question never runs into the note below. */
import { describe, expect, it } from 'vitest';
import {
  BOARD,
  mapLayout,
  noteHeight,
  noteLines,
  notesStripHeight,
  notesStripSlot,
  partSlot,
} from '../../shared/board/layout.js';

describe('note heights', () => {
  it('wrap word by word at about 18 characters, breaking only words longer than a line', () => {
    expect(noteLines('Who helps at bedtime?')).toBe(2); // "Who helps at" / "bedtime?"
    expect(noteLines('When Mum has had a hard week, who steps in to get the children to school on time?')).toBe(5);
    expect(noteLines('x'.repeat(40))).toBe(3);
    expect(noteLines('one\n\ntwo')).toBe(3);
  });

  it('keep a short question at the note size and give a long one the height its lines need', () => {
    expect(noteHeight('Who helps at bedtime?')).toBe(BOARD.note.size);
    const long =
      'What would the school say is different on the days Jayden arrives ready to learn, and who would notice first? '.repeat(
        2,
      );
    expect(noteLines(long)).toBeGreaterThan(10);
    expect(noteHeight(long)).toBeGreaterThan(BOARD.note.size + 100);
  });
});

describe('part layout', () => {
  const texts = [
    'Short one?',
    'A question long enough to wrap over many lines of the note, so that it needs more room than a square note gives it at all?',
    'Another short one?',
    'Mid-length question about who is around in the evenings?',
    'Short?',
  ];
  const heights = texts.map(noteHeight);

  it('puts each row below the taller note of the row before, so no note overlaps another', () => {
    const rects = heights.map((h, n) => ({ ...partSlot(n, heights), h }));
    for (const a of rects)
      for (const b of rects) {
        if (a === b) continue;
        const overlapX = a.x < b.x + BOARD.note.size && b.x < a.x + BOARD.note.size;
        const overlapY = a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlapX && overlapY, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false);
      }
    expect(rects[2]!.y - rects[0]!.y).toBe(heights[1]! + BOARD.note.gap); // the long note sets its row's height
  });

  it('makes each part tall enough for its notes, and every column as tall as the tallest', () => {
    const layout = mapLayout({ harm: heights });
    const last = partSlot(heights.length - 1, heights).y + heights.at(-1)!;
    expect(layout.parts.harm.h).toBeGreaterThanOrEqual(last + BOARD.parts.bottom);
    expect(layout.parts.danger.y).toBeGreaterThan(layout.parts.harm.y + layout.parts.harm.h);
    expect(mapLayout({}).parts.harm.h).toBe(BOARD.parts.minH);
    expect(layout.columnH).toBeGreaterThan(mapLayout({}).columnH);
  });

  it('stacks the worker’s exact words by their heights in the notes strip', () => {
    expect(notesStripSlot(2, heights).y - notesStripSlot(1, heights).y).toBe(heights[1]! + BOARD.note.gap);
    const many = Array.from({ length: 12 }, () => heights[1]!);
    expect(notesStripHeight(many)).toBeGreaterThan(BOARD.notesStrip.h);
    expect(notesStripHeight([])).toBe(BOARD.notesStrip.h);
  });
});
