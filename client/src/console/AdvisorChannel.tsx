/**
 * The private channel between the advisor and the facilitator, both ways (A6-ADV-1): nobody else
 * receives these notes. Whoever a note is for marks it seen, and its sender sees that.
 */
import { nanoid } from 'nanoid';
import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import type { SessionView } from '../../../shared/projection.js';
import { addressee } from '../../../shared/state.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { clockTime } from '../components/when.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

const QUICK = [
  'Time check',
  'Bring it back to the worker’s goal',
  'Keep the group out of case content',
  'Ask about what’s working well',
];

export function AdvisorChannel({
  session,
  view,
  advisor,
}: {
  session: LiveSession;
  view: SessionView;
  advisor: boolean;
}) {
  const { run, error } = useCommand(session);
  const [text, setText] = useState('');
  const send = async (note: string) =>
    (await run({ type: 'advisorNote.send', noteId: nanoid(16), text: note })) && setText('');
  const notes = [...(view.advisorNotes ?? [])].reverse();
  const me = advisor ? 'advisor' : 'facilitator';
  const other = advisor ? 'facilitator' : 'advisor';
  return (
    <section aria-labelledby="advisor-h" className="advisor-channel">
      <h2 id="advisor-h">
        Advisor and facilitator <span className="tag">private</span>
      </h2>
      {view.status === 'open' && (
        <>
          {advisor && (
            <div className="button-row quick-notes">
              {QUICK.map((q) => (
                <button type="button" key={q} onClick={() => void send(q)}>
                  {q}
                </button>
              ))}
            </div>
          )}
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void send(text);
            }}
            className="inline"
          >
            <label>
              Note to the {other}
              <input value={text} onChange={(e) => setText(e.target.value)} maxLength={LIMITS.advisorNoteChars} />
            </label>
            <button type="submit" disabled={!text.trim()}>
              Send
            </button>
          </form>
        </>
      )}
      {notes.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ul className="notes" aria-live="polite">
          {notes.map((n) => {
            const toMe = addressee(n) === me;
            return (
              <li key={n.id}>
                <span className="tag">{toMe ? `from the ${other}` : `to the ${other}`}</span> {n.text}{' '}
                <span className="muted">
                  {n.seenAt ? `seen ${clockTime(n.seenAt)}` : toMe ? '' : 'not seen yet'}
                  {toMe && !n.seenAt && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => run({ type: 'advisorNote.seen', noteId: n.id })}
                    >
                      Mark seen
                    </button>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
