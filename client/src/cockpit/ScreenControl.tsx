/**
 * What the room sees of the board, the facilitator's choice, over the corner of their board: the
 * screen follows the facilitator's view, shows the whole map, or keeps the view as it is now.
 */
import type { Editor } from 'tldraw';
import type { SessionView } from '../../../shared/projection.js';
import type { Command } from '../session/useSession.js';

export function ScreenControl({
  view,
  editor,
  run,
}: {
  view: SessionView;
  editor: Editor | null;
  run: (command: Command) => Promise<boolean>;
}) {
  const mode = view.projectorBoard.mode;
  const keepThisView = () => {
    if (!editor) return;
    const b = editor.getViewportPageBounds();
    void run({ type: 'projector.setBoard', mode: 'frame', frame: { x: b.x, y: b.y, w: b.w, h: b.h } });
  };
  return (
    <fieldset className="screen-control" aria-label="What the shared screen shows of the board">
      <span aria-hidden="true">Screen:</span>
      <button
        type="button"
        aria-pressed={mode === 'follow'}
        onClick={() => run({ type: 'projector.setBoard', mode: 'follow' })}
      >
        Follows my view
      </button>
      <button
        type="button"
        aria-pressed={mode === 'whole'}
        onClick={() => run({ type: 'projector.setBoard', mode: 'whole' })}
      >
        Whole map
      </button>
      <button type="button" aria-pressed={mode === 'frame'} onClick={keepThisView} disabled={!editor}>
        {mode === 'frame' ? 'Keeps a view (set again)' : 'Keep this view'}
      </button>
    </fieldset>
  );
}
