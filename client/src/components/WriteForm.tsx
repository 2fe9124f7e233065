/** Writing one item for the current stage: text, and the element where the stage has them. */
import { nanoid } from 'nanoid';
import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import type { Command } from '../session/useSession.js';

export function WriteForm({ view, submit }: { view: SessionView; submit: (command: Command) => Promise<boolean> }) {
  const stage = STAGES[view.stageIndex]!;
  const spec = stage.items!;
  const [text, setText] = useState('');
  const [element, setElement] = useState('');
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const ok = await submit({
      type: 'item.submit',
      itemId: nanoid(16),
      stageId: stage.id,
      text,
      element: spec.elements ? element || null : null,
    });
    setBusy(false);
    if (ok) setText('');
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
      <label>
        {spec.label}
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={LIMITS.itemChars}
          rows={4}
          required
        />
      </label>
      <button type="submit" className="primary" disabled={!text.trim() || busy}>
        Add
      </button>
    </form>
  );
}
