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
  const [relationship, setRelationship] = useState(false);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
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
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={LIMITS.itemChars}
          rows={4}
          required
        />
      </label>
      {spec.relationshipQuestions && (
        <label className="check">
          <input type="checkbox" checked={relationship} onChange={(e) => setRelationship(e.target.checked)} />A
          relationship question (asks how someone else sees it)
        </label>
      )}
      <button type="submit" className="primary" disabled={!text.trim() || busy}>
        Add
      </button>
    </form>
  );
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
