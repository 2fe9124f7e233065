/** Writing one item for the current stage: text, and the element where the stage has them. */
import { nanoid } from 'nanoid';
import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import type { Command } from '../session/useSession.js';

export function WriteForm({
  view,
  submit,
  status,
}: {
  view: SessionView;
  submit: (command: Command) => Promise<boolean>;
  /** What became of the last item added ("✓ Delivered: …"), beside Add, where it stays in view. */
  status?: string;
}) {
  const stage = STAGES[view.stageIndex]!;
  const spec = stage.items!;
  const [text, setText] = useState('');
  const [element, setElement] = useState('');
  const [busy, setBusy] = useState(false);
  const [relationship, setRelationship] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const addRow = useRef<HTMLDivElement>(null);
  useKeepAboveKeyboard(box, addRow, status);
  async function onSubmit(e?: FormEvent) {
    e?.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    const ok = await submit({
      type: 'item.submit',
      itemId: nanoid(16),
      stageId: stage.id,
      text,
      element: spec.elements ? element || null : null,
      relationship: spec.relationshipQuestions ? relationship : false,
    });
    setBusy(false);
    if (ok) {
      setText('');
      setRelationship(false);
      // Straight on to the next question, keyboard still up.
      box.current?.focus();
    }
  }
  return (
    <form onSubmit={onSubmit} className="stack write-form">
      {spec.elements && (
        <fieldset className="elements">
          <legend>Which part?</legend>
          {spec.elements.map((el) => (
            <label key={el.id} className="check">
              <input
                type="radio"
                name={`element-${stage.id}`}
                value={el.id}
                checked={element === el.id}
                onChange={() => setElement(el.id)}
                required
              />
              {el.label}
            </label>
          ))}
        </fieldset>
      )}
      {stage.id === 'safety-goals' && <SafetyGoalShape onCompose={setText} />}
      <label>
        {spec.label}
        <textarea
          ref={box}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Ctrl+Enter (Cmd+Enter on a Mac) adds, as in most chat and mail apps; Enter alone is a new line.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              if (element || !spec.elements) void onSubmit();
              else e.currentTarget.form?.reportValidity();
            }
          }}
          maxLength={LIMITS.itemChars}
          rows={4}
          required
          aria-keyshortcuts="Control+Enter Meta+Enter"
        />
      </label>
      {spec.relationshipQuestions && (
        <label className="check">
          <input type="checkbox" checked={relationship} onChange={(e) => setRelationship(e.target.checked)} />A
          relationship question (asks how someone else sees it)
        </label>
      )}
      <div className="add-row" ref={addRow}>
        <button type="submit" className="primary" disabled={!text.trim() || busy}>
          Add
        </button>
        <p className="last-sent" aria-live="polite">
          {status}
        </p>
      </div>
    </form>
  );
}

/**
 * While the write box has focus, keep it and the Add row inside what the phone shows above its
 * keyboard. The keyboard shrinks the visual viewport (visualViewport), not the page, so the browser's
 * own scrolling brings the box into view but can leave Add under the keyboard.
 */
function useKeepAboveKeyboard(
  box: RefObject<HTMLTextAreaElement | null>,
  add: RefObject<HTMLElement | null>,
  /** Whatever changes the height below the box (the line saying what was delivered). */
  below: unknown,
) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new status line is the reason to look again
  useEffect(() => {
    const viewport = window.visualViewport;
    const fit = () => {
      if (!box.current || !add.current || document.activeElement !== box.current) return;
      const top = viewport?.offsetTop ?? 0;
      const bottom = top + (viewport?.height ?? window.innerHeight);
      const below = add.current.getBoundingClientRect().bottom + 8 - bottom;
      // Scroll up by what Add is hidden, but never so far that the box's top leaves the view.
      const room = box.current.getBoundingClientRect().top - top - 8;
      const by = Math.min(below, room);
      if (by > 0) window.scrollBy({ top: by, behavior: 'instant' });
    };
    const soon = () => requestAnimationFrame(fit);
    soon();
    viewport?.addEventListener('resize', soon);
    window.addEventListener('resize', soon);
    box.current?.addEventListener('focus', soon);
    const el = box.current;
    return () => {
      viewport?.removeEventListener('resize', soon);
      window.removeEventListener('resize', soon);
      el?.removeEventListener('focus', soon);
    };
  }, [box, add, below]);
}

const SHAPE_FIELDS = [
  { id: 'who', label: 'Who wants it (agency, people)', example: 'Mary and John and CPFS' },
  { id: 'child', label: 'Which child', example: 'Tilly and the new baby' },
  { id: 'with', label: 'To be with, or live with, whom', example: 'be with Jacksie' },
  { id: 'because', label: 'Because they can see (a short positive statement)', example: 'he keeps them fed' },
  { id: 'agency', label: 'For this to happen, who', example: 'CPFS' },
  { id: 'need', label: 'Needs to see', example: 'Jacksie sober every evening for three months' },
] as const;

/**
 * A6-SG-3: the safety goal's fixed shape, as a guided form that writes the sentence into the text
 * above; the writer can still change it freely.
 */
function SafetyGoalShape({ onCompose }: { onCompose: (text: string) => void }) {
  const [parts, setParts] = useState<Record<string, string>>({});
  const v = (id: string) => parts[id]?.trim() || `[${id}]`;
  const compose = () =>
    onCompose(
      `${v('who')} want ${v('child')} to ${v('with')} because they can see ${v('because')}. ` +
        `For this to happen ${v('agency')} need to see ${v('need')}.`,
    );
  return (
    <details className="shape-form">
      <summary>Use the guided form</summary>
      {SHAPE_FIELDS.map((f) => (
        <label key={f.id}>
          {f.label}
          <input
            value={parts[f.id] ?? ''}
            placeholder={f.example}
            onChange={(e) => setParts({ ...parts, [f.id]: e.target.value })}
            maxLength={200}
          />
        </label>
      ))}
      <button type="button" onClick={compose}>
        Put the sentence together
      </button>
    </details>
  );
}
