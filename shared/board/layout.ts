/**
 * Where things sit on the board: the genogram area, the Signs of Safety map's three columns with
 * the next-steps zone, and the notes strip for the worker's exact words. The server lays the
 * template out from these; the client's genogram kit places people inside the genogram area.
 */
export const BOARD = {
  genogram: { x: 0, y: 0, w: 1500, h: 560 },
  columns: { x: 0, y: 620, w: 480, h: 1200, gap: 30 },
  nextSteps: { top: 300, padding: 20, noteSize: 200, gap: 16 },
  notesStrip: { x: 1560, y: 0, w: 260, h: 1820 },
} as const;

export const COLUMN_TITLES = ['What are we worried about?', "What's working well?", 'What needs to happen?'] as const;

/** Stable ids: the template is laid out once, and a second attempt finds it in place. */
export const TEMPLATE_IDS = {
  genogram: 'shape:template-genogram',
  worried: 'shape:template-worried',
  working: 'shape:template-working',
  needs: 'shape:template-needs',
  nextSteps: 'shape:template-next-steps',
  notesStrip: 'shape:template-notes-strip',
} as const;

export const chosenNoteId = (itemId: string) => `shape:chosen-${itemId}`;
export const exactWordsNoteId = (noteId: string) => `shape:words-${noteId}`;

/** Position of the n-th chosen item's note inside the next-steps zone (two per row). */
export function nextStepSlot(n: number): { x: number; y: number } {
  const z = BOARD.nextSteps;
  return {
    x: z.padding + (n % 2) * (z.noteSize + z.gap),
    y: z.top + 50 + Math.floor(n / 2) * (z.noteSize + z.gap),
  };
}

/** Height the "What needs to happen?" column needs to show this many next-step notes. */
export function needsColumnHeight(notes: number): number {
  const z = BOARD.nextSteps;
  return Math.max(BOARD.columns.h, z.top + 50 + Math.ceil(notes / 2) * (z.noteSize + z.gap) + z.padding);
}

/** Position of the n-th exact-words note in the notes strip. */
export function notesStripSlot(n: number): { x: number; y: number } {
  return { x: 30, y: 40 + n * (BOARD.nextSteps.noteSize + BOARD.nextSteps.gap) };
}

export function notesStripHeight(notes: number): number {
  return Math.max(BOARD.notesStrip.h, 40 + notes * (BOARD.nextSteps.noteSize + BOARD.nextSteps.gap) + 20);
}
