/**
 * A6-DESC-3: observers and the advisor note the worker's exact words too. The notepad is private:
 * its lines stay in this browser until the writer hands them in, and then join the facilitator's
 * exact words, marked as noted by the group, for the caseworker.
 */
import { nanoid } from 'nanoid';
import { type FormEvent, useEffect, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import type { Command } from '../session/useSession.js';

interface NotepadLine {
  id: string;
  text: string;
  handedIn: boolean;
}

const storageKey = (sessionId: string) => `groupmap.notepad.${sessionId}`;

function load(sessionId: string): NotepadLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(storageKey(sessionId)) ?? '[]');
    return Array.isArray(lines) ? (lines as NotepadLine[]) : [];
  } catch {
    return [];
  }
}

export function ExactWordsNotepad({
  sessionId,
  send,
}: {
  sessionId: string;
  /** Queues a command (the phone's outbox keeps it until delivered). */
  send: (command: Command) => void;
}) {
  const [lines, setLines] = useState<NotepadLine[]>(() => load(sessionId));
  const [text, setText] = useState('');
  useEffect(() => {
    localStorage.setItem(storageKey(sessionId), JSON.stringify(lines));
  }, [sessionId, lines]);
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setLines([...lines, { id: nanoid(16), text: text.trim(), handedIn: false }]);
    setText('');
  };
  const handIn = () => {
    for (const line of lines.filter((l) => !l.handedIn))
      send({ type: 'exactWords.handIn', noteId: line.id, text: line.text });
    setLines(lines.map((l) => ({ ...l, handedIn: true })));
  };
  const waiting = lines.filter((l) => !l.handedIn).length;
  return (
    <section className="notepad" aria-labelledby="notepad-h">
      <h2 id="notepad-h">Your notes of the worker's exact words</h2>
      <p className="muted">Only you see these until you hand them in.</p>
      <form onSubmit={add} className="inline">
        <label>
          As the worker said it
          <input value={text} onChange={(e) => setText(e.target.value)} maxLength={LIMITS.noteChars} />
        </label>
        <button type="submit" disabled={!text.trim()}>
          Note
        </button>
      </form>
      {lines.length > 0 && (
        <ul className="notes">
          {lines.map((l) => (
            <li key={l.id}>
              “{l.text}”{l.handedIn && <span className="tag">handed in</span>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={handIn} disabled={waiting === 0}>
        Hand in {waiting > 0 ? `${waiting} ` : ''}to the facilitator
      </button>
    </section>
  );
}
