/**
 * The facilitator's browser saves pictures of the board to the server whenever something is
 * handed over and at the end, so the record carries the genogram and the map (tldraw renders in
 * the browser; the server has no canvas). Each part goes on pages of its own (REC-9): the
 * genogram, and each column of the map, cropped to its frame; a column taller than a page is cut
 * into page-sized slices in the gaps between its notes. tldraw's export draws shapes only: no
 * selection, cursors or handles.
 */
import { useEffect } from 'react';
import { Box, type Editor, type TLShape, type TLShapeId } from 'tldraw';
import { COLUMN_IDS, TEMPLATE_IDS } from '../../../shared/board/layout.js';
import { type BoardImagePart, boardImageName, sliceRanges } from '../../../shared/board/printPages.js';
import { MAP_COLUMNS } from '../../../shared/process/map.js';

/** The frames whose pictures the pack prints, by the part name the server stores them under. */
const PARTS: Array<{ part: BoardImagePart; frameId: string; sliced: boolean }> = [
  { part: 'genogram', frameId: TEMPLATE_IDS.genogram, sliced: false },
  ...MAP_COLUMNS.map((column) => ({ part: column, frameId: COLUMN_IDS[column], sliced: true })),
];

/** Room kept clear around each shape, and a frame's name above it, so no cut grazes them. */
const CLEARANCE = 4;
const FRAME_NAME = 40;

interface Drawn {
  shape: TLShape;
  bounds: Box;
}

/** Every shape over the region, nested ones too, with its page bounds: one pass over the page. */
function shapesOver(editor: Editor, region: Box): Drawn[] {
  const drawn: Drawn[] = [];
  for (const shape of editor.getCurrentPageShapes()) {
    const bounds = editor.getShapePageBounds(shape.id);
    if (bounds && Box.Collides(bounds, region)) drawn.push({ shape, bounds });
  }
  return drawn;
}

/**
 * Where a cut may not fall: across any shape in the region, however deeply nested, and between a
 * frame and its name. A frame itself spans the column and is cut through, as a page break would.
 */
function blockedSpans(drawn: Drawn[]): Array<[number, number]> {
  return drawn.map(({ shape, bounds: b }) =>
    shape.type === 'frame' ? [b.minY - FRAME_NAME, b.minY + CLEARANCE] : [b.minY - CLEARANCE, b.maxY + CLEARANCE],
  );
}

async function exportParts(editor: Editor, sessionId: string, token: string): Promise<void> {
  for (const { part, frameId, sliced } of PARTS) {
    const frame = editor.getShapePageBounds(frameId as TLShapeId);
    if (!frame) continue;
    const region = frame.clone().expandBy(24);
    const drawn = shapesOver(editor, region);
    // Top-level shapes are exported with what they hold (people drawn across the genogram's edge included).
    const ids = drawn.filter((d) => d.shape.parentId === editor.getCurrentPageId()).map((d) => d.shape.id);
    if (ids.length === 0) continue;
    if (sliced) {
      // Columns are as tall as the tallest: a shorter one ends its picture below its own last part.
      const bottom = Math.max(region.minY, ...drawn.filter((d) => d.shape.id !== frameId).map((d) => d.bounds.maxY));
      region.h = Math.min(region.h, bottom + 24 - region.y);
    }
    const slices = sliced
      ? sliceRanges(region.minY, region.maxY, blockedSpans(drawn))
      : [[region.minY, region.maxY] as const];
    // The first page goes first: saving it clears the part's later pages on the server.
    for (const [i, [top, bottom]] of slices.entries()) {
      const { blob } = await editor.toImage(ids, {
        format: 'png',
        background: true,
        bounds: new Box(region.x, top, region.w, bottom - top),
        padding: 0,
        // Twice the board's size: notes print sharp at the size of the page.
        pixelRatio: 2,
      });
      await fetch(`/api/sessions/${sessionId}/board/${boardImageName(part, i + 1)}.png`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        body: blob,
      });
    }
  }
}

/** One export at a time: a second that started mid-way could interleave its pages with the first's. */
let exporting: Promise<void> = Promise.resolve();

export function useBoardImageExport(
  editor: Editor | null,
  sessionId: string,
  token: string,
  exportKey: string | undefined,
): void {
  useEffect(() => {
    if (!editor || !exportKey) return;
    const timer = setTimeout(() => {
      exporting = exporting
        .then(() => exportParts(editor, sessionId, token))
        .catch(() => {
          // The record still has every item as text; only the pictures of the board would be missing.
        });
    }, 1500);
    return () => clearTimeout(timer);
  }, [editor, sessionId, token, exportKey]);
}
