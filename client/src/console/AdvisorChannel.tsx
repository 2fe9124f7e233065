/**
 * The advisor's private channel to the facilitator: nobody else receives these notes. The
 * facilitator marks a note seen (from the alert in the cockpit), and the advisor sees that.
 */
import { nanoid } from 'nanoid';
import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import type { SessionView } from '../../../shared/projection.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

const QUICK = [
  'Time check',
  'Bring it back to the worker’s goal',
  'Keep the group out of case content',
  'Ask about what’s working well',
];

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

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
  return (
    <section aria-labelledby="advisor-h" className="advisor-channel">
      <h2 id="advisor-h">
        Advisor's notes <span className="tag">private</span>
      </h2>
      {advisor && view.status === 'open' && (
        <>
          <div className="button-row quick-notes">
            {QUICK.map((q) => (
              <button type="button" key={q} onClick={() => void send(q)}>
                {q}
              </button>
            ))}
          </div>
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void send(text);
            }}
            className="inline"
          >
            <label>
              Note to the facilitator
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
          {notes.map((n) => (
            <li key={n.id}>
              {n.text}{' '}
              <span className="muted">
                {n.seenAt ? `seen ${clock(n.seenAt)}` : advisor ? 'not seen yet' : ''}
                {!advisor && !n.seenAt && (
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
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
