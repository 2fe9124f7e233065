/**
 * What the projector's board shows, as the facilitator chose it (ProjectorBoard):
 * - follow: the facilitator's own view, through tldraw's follow, fitted to this screen (so a map
 *   the facilitator reads comfortably on a laptop is twice as large in the room);
 * - whole: the whole map, kept in view as it grows;
 * - frame: one region the facilitator kept there ("show this on the screen").
 * While the facilitator's board is not open (nothing to follow), the screen shows the family
 * large in the genogram stage and the whole map otherwise.
 */
import { useEffect } from 'react';
import { createUserId, type Editor } from 'tldraw';
import type { BoardDisplay } from './Board.js';
import { genogramView } from './genogramView.js';
import { useViewportSize } from './useViewportSize.js';

/** Beyond this the room sees a handful of shapes blown up past use. */
const MAX_ZOOM = 2.5;

function showFallback(editor: Editor, stageId: string): void {
  if (stageId === 'genogram') {
    editor.zoomToBounds(genogramView(editor), { animation: { duration: 0 }, inset: 24, targetZoom: MAX_ZOOM });
  } else {
    editor.zoomToFit({ animation: { duration: 0 } });
  }
}

export function useProjectorCamera(editor: Editor | null, display: BoardDisplay | undefined): void {
  const mode = display?.board.mode;
  const frame = display?.board.frame ? JSON.stringify(display.board.frame) : null;
  const leader = display?.followMemberId ?? null;
  const stageId = display?.stageId ?? '';
  const visible = display?.visible ?? false;
  const viewportSize = useViewportSize(editor);
  useEffect(() => {
    if (!editor || !mode || !visible || !viewportSize) return;
    const leaderId = leader ? createUserId(leader) : null;
    const show = () => {
      if (mode === 'frame' && frame) {
        editor.stopFollowingUser();
        editor.zoomToBounds(JSON.parse(frame), { animation: { duration: 0 }, inset: 0 });
        return;
      }
      if (mode === 'follow' && leaderId) {
        if (editor.getInstanceState().followingUserId === leaderId) return;
        const present = editor.getCollaborators().some((c) => c.userId === leaderId);
        if (present) {
          editor.startFollowingUser(leaderId);
          return;
        }
      } else {
        editor.stopFollowingUser();
      }
      showFallback(editor, stageId);
    };
    show();
    // The leader can arrive or leave, the map can grow (a new size runs this effect again).
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(show, 300);
    };
    const stopDocument = editor.store.listen(later, { scope: 'document', source: 'remote' });
    const stopPresence = editor.store.listen(later, { scope: 'presence', source: 'remote' });
    return () => {
      stopDocument();
      stopPresence();
      if (timer) clearTimeout(timer);
      editor.stopFollowingUser();
    };
  }, [editor, mode, frame, leader, stageId, visible, viewportSize]);
}
