/** The worker's goal and their exact words, noted by the facilitator. */
import { nanoid } from 'nanoid';
import { type FormEvent, useEffect, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import type { SessionView } from '../../../shared/projection.js';
import { EMPTY_REVIEW } from '../../../shared/state.js';
import { SendToMap } from '../cockpit/ItemRows.js';
import { ErrorLine } from '../components/ErrorLine.js';
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
      <ErrorLine error={error} />
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
            “{n.text}”{n.fromGroup && <span className="tag">noted by the group</span>}
            {editable && <SendToMap view={view} source={{ kind: 'words', noteId: n.id }} label={n.text} run={run} />}
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
      <ErrorLine error={error} />
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

/**
 * A6-REV-1 to A6-REV-4: the worker's answers in the review. "Enough for now?" yes ends the mapping;
 * no leads to the further round on the focus recorded here (every screen shows it as the topic).
 */
export function ReviewForm({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  const review = view.review ?? EMPTY_REVIEW;
  const [mostUseful, setMostUseful] = useState(review.mostUseful);
  const [focus, setFocus] = useState(review.focus);
  const [sticking, setSticking] = useState(review.stickingPoint);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run({ type: 'review.set', mostUseful, focus, stickingPoint: sticking });
  };
  return (
    <form onSubmit={save} className="stack compact review-form">
      <label>
        Most useful so far (the worker's words)
        <input value={mostUseful} onChange={(e) => setMostUseful(e.target.value)} maxLength={LIMITS.noteChars} />
      </label>
      <fieldset className="yes-no">
        <legend>Is this enough for now?</legend>
        {([true, false] as const).map((answer) => (
          <button
            key={String(answer)}
            type="button"
            aria-pressed={review.enough === answer}
            onClick={() => run({ type: 'review.set', enough: answer })}
          >
            {answer ? 'Yes' : 'No'}
          </button>
        ))}
      </fieldset>
      {review.enough === true && (
        <p className="muted row">
          Yes ends the mapping.
          <button type="button" onClick={() => run({ type: 'stage.advance' })}>
            Skip the further round: go to the group's review
          </button>
        </p>
      )}
      <label>
        What else do they need to focus on? (the further round's topic)
        <input value={focus} onChange={(e) => setFocus(e.target.value)} maxLength={LIMITS.reviewTopicChars} />
      </label>
      <label>
        If the rating is low: the sticking point, and what was agreed
        <textarea
          value={sticking}
          onChange={(e) => setSticking(e.target.value)}
          maxLength={LIMITS.noteChars}
          rows={2}
        />
      </label>
      <button type="submit">Save the answers</button>
      <ErrorLine error={error} />
    </form>
  );
}
