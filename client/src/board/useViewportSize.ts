/**
 * The board's on-screen size as "WxH", for effects that fit a region to it. The board's box
 * changes without the window changing (the genogram kit folds away with the stage, the screen
 * swaps layouts), and tldraw measures it on its own resize callback, after the render that moved
 * it: framing again when this changes keeps the region fitted to the size the board ends up.
 */
import { type Editor, useValue } from 'tldraw';

export function useViewportSize(editor: Editor | null): string {
  return useValue('board viewport size', () => {
    if (!editor) return '';
    const bounds = editor.getViewportScreenBounds();
    return `${Math.round(bounds.w)}x${Math.round(bounds.h)}`;
  }, [editor]);
}
