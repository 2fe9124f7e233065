/**
 * The facilitator's browser saves pictures of the board to the server whenever something is
 * handed over and at the end, so the record carries the genogram and the map (tldraw renders in
 * the browser; the server has no canvas). Each part goes on a page of its own (REC-9): the
 * genogram, and each column of the map, cropped to its frame. tldraw's export draws shapes only:
 * no selection, cursors or handles.
 */
import { useEffect } from 'react';
import { Box, type Editor, type TLShapeId } from 'tldraw';
import { COLUMN_IDS, TEMPLATE_IDS } from '../../../shared/board/layout.js';
import { MAP_COLUMNS } from '../../../shared/process/map.js';

/** The frames whose pictures the pack prints, by the part name the server stores them under. */
const PARTS: Array<{ part: string; frameId: string }> = [
  { part: 'genogram', frameId: TEMPLATE_IDS.genogram },
  ...MAP_COLUMNS.map((column) => ({ part: column, frameId: COLUMN_IDS[column] })),
];

/** Top-level shapes that overlap this region (people drawn across the genogram's edge included). */
function shapesIn(editor: Editor, region: Box): TLShapeId[] {
  return [...editor.getCurrentPageShapeIds()].filter((id) => {
    const shape = editor.getShape(id);
    const bounds = editor.getShapePageBounds(id);
    return shape?.parentId === editor.getCurrentPageId() && bounds !== undefined && Box.Collides(bounds, region);
  });
}

async function exportParts(editor: Editor, sessionId: string, token: string): Promise<void> {
  for (const { part, frameId } of PARTS) {
    const region = editor.getShapePageBounds(frameId as TLShapeId);
    if (!region) continue;
    const ids = shapesIn(editor, region);
    if (ids.length === 0) continue;
    const { blob } = await editor.toImage(ids, {
      format: 'png',
      background: true,
      bounds: region.clone().expandBy(24),
      padding: 0,
      // Twice the board's size: notes print sharp at the size of the page.
      pixelRatio: 2,
    });
    await fetch(`/api/sessions/${sessionId}/board/${part}.png`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: blob,
    });
  }
}

export function useBoardImageExport(
  editor: Editor | null,
  sessionId: string,
  token: string,
  exportKey: string | undefined,
): void {
  useEffect(() => {
    if (!editor || !exportKey) return;
    const timer = setTimeout(() => {
      exportParts(editor, sessionId, token).catch(() => {
        // The record still has every item as text; only the pictures of the board would be missing.
      });
    }, 1500);
    return () => clearTimeout(timer);
  }, [editor, sessionId, token, exportKey]);
}
