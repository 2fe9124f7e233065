/**
 * The facilitator's browser saves a PNG of the board to the server whenever something is handed
 * over and at the end, so the caseworker's pack carries the genogram and the map. (tldraw renders
 * in the browser; the server has no canvas.)
 */
import { useEffect } from 'react';
import type { Editor } from 'tldraw';

export function useBoardImageExport(
  editor: Editor | null,
  sessionId: string,
  token: string,
  exportKey: string | undefined,
): void {
  useEffect(() => {
    if (!editor || !exportKey) return;
    const timer = setTimeout(async () => {
      const ids = [...editor.getCurrentPageShapeIds()];
      if (ids.length === 0) return;
      try {
        const { blob } = await editor.toImage(ids, { format: 'png', background: true, scale: 1, padding: 32 });
        await fetch(`/api/sessions/${sessionId}/board.png`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
          body: blob,
        });
      } catch {
        // The pack still has every item; only the picture of the board would be missing.
      }
    }, 1500);
    return () => clearTimeout(timer);
  }, [editor, sessionId, token, exportKey]);
}
