/**
 * A modal dialog on the browser's own <dialog>: it traps focus, Escape closes it, and the page
 * behind is inert. `side` makes it a drawer docked to the right.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';

export function Dialog({
  open,
  onClose,
  title,
  side,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  side?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop is the pointer's Escape, which the dialog already has
    <dialog
      ref={ref}
      className={side ? 'drawer' : 'modal'}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="dialog-body">
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="close" onClick={onClose} aria-label={`Close ${title.toLowerCase()}`}>
            ×
          </button>
        </header>
        {open && children}
      </div>
    </dialog>
  );
}
