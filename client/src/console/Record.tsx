/** The worker's goal and their exact words, noted by the facilitator. */
import { nanoid } from 'nanoid';
import { type FormEvent, useEffect, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import type { SessionView } from '../../../shared/projection.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function GoalForm({ session, view, editable }: { session: LiveSession; view: SessionView; editable: boolean }) {
  const { run, error } = useCommand(session);
  const [goal, setGoal] = useState(view.workerGoal);
  // Follow the goal when someone else changed it and this field is not being edited.
  useEffect(() => {
    if (document.activeElement?.id !== 'goal-field') setGoal(view.workerGoal);
  }, [view.workerGoal]);
  if (!editable) return <p>{view.workerGoal || <span className="muted">No goal recorded yet.</span>}</p>;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run({ type: 'goal.set', text: goal });
      }}
      className="stack compact"
    >
      <label htmlFor="goal-field">What do they want out of this consultation?</label>
      <textarea
        id="goal-field"
        value={goal}
        onChange={(e) => setGoal(e.target.value)}
        maxLength={LIMITS.goalChars}
        rows={2}
      />
      <button type="submit" disabled={goal.trim() === view.workerGoal}>
        Save goal
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

export function ExactWords({
  session,
  view,
  editable,
}: {
  session: LiveSession;
  view: SessionView;
  editable: boolean;
}) {
  const { run, error } = useCommand(session);
  const [words, setWords] = useState('');
  async function addWords(e: FormEvent) {
    e.preventDefault();
    if (await run({ type: 'exactWords.add', noteId: nanoid(16), text: words })) setWords('');
  }
  return (
    <div className="exact-words">
      {editable && (
        <form onSubmit={addWords} className="inline">
          <label>
            Worker's exact words
            <input value={words} onChange={(e) => setWords(e.target.value)} maxLength={LIMITS.noteChars} />
          </label>
          <button type="submit" disabled={!words.trim()}>
            Add words
          </button>
        </form>
      )}
      <ul className="notes">
        {(view.exactWords ?? []).map((n) => (
          <li key={n.id}>
            “{n.text}”
            {editable && (
              <button
                type="button"
                className="link"
                onClick={() => run({ type: 'exactWords.remove', noteId: n.id })}
                aria-label={`Remove note: ${n.text.slice(0, 30)}`}
              >
                remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Both, as the session's drawer shows them at any stage. */
export function Record({ session, view, editable }: { session: LiveSession; view: SessionView; editable: boolean }) {
  return (
    <section aria-labelledby="record-h" className="card">
      <h2 id="record-h">Worker's goal and exact words</h2>
      <GoalForm session={session} view={view} editable={editable} />
      <ExactWords session={session} view={view} editable={editable} />
    </section>
  );
}
