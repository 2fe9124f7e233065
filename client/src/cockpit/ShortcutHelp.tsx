/** The `?` dialog: every cockpit key and what it does. */
import { Dialog } from './Dialog.js';
import { SHORTCUTS } from './shortcuts.js';

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <p className="muted">They work whenever you are not typing and the board does not have the keyboard.</p>
      <dl className="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.id}>
            <dt>
              <kbd>{s.shown}</kbd>
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
