/**
 * A participant's phone: what to write now (with prompts on good questions), their own items with
 * a delivered tick each, and what has been read out. Everything written goes through the outbox,
 * so it survives a dropped connection or a server restart and arrives exactly once.
 */
import { useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { notepadOpen, promptFor, STAGES, stageMarksStrongest } from '../../../shared/process/stages.js';
import { QUESTION_TIPS } from '../../../shared/process/tips.js';
import type { ItemView, SessionView } from '../../../shared/projection.js';
import { ExactWordsNotepad } from '../components/ExactWordsNotepad.js';
import { ItemText } from '../components/ItemText.js';
import { WriteForm } from '../components/WriteForm.js';
import type { OutboxEntry } from '../session/outbox.js';
import type { LiveSession } from '../session/useSession.js';

export function ParticipantPanel({ session, view }: { session: LiveSession; view: SessionView }) {
  const stage = STAGES[view.stageIndex]!;
  const spec = stage.items;
  const mine = view.items.filter((i) => i.mine && i.stageId === stage.id).sort((a, b) => a.createdAt - b.createdAt);
  const delivered = new Set(view.items.map((i) => i.id));
  const waiting = session.pending.filter((e) => e.command.type === 'item.submit' && !delivered.has(e.command.itemId));
  const heard = view.items.filter((i) => !i.mine && i.stageId === stage.id && i.readOutAt !== null);
  const canWrite = view.writingOpen && spec?.writers.includes('participant');
  const tips = QUESTION_TIPS[stage.id];
  const strongest = mine.filter((i) => i.strongest).length;

  return (
    <div className="phone">
      <p className="prompt">{promptFor(stage, view.step, view.reviewTopic)}</p>
      {canWrite && tips && (
        <details className="tips">
          <summary>Ideas for good questions</summary>
          <dl>
            {tips.map((t) => (
              <div key={t.type}>
                <dt>{t.type}</dt>
                <dd>{t.example}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {canWrite ? (
        <WriteForm
          view={view}
          submit={async (command) => {
            session.queue(command);
            return true;
          }}
        />
      ) : (
        <p className="muted">
          {spec
            ? 'Writing is closed for now. Listen for the read-out.'
            : notepadOpen(view.stageIndex)
              ? "Nothing to write for the group in this stage: listen, and note the worker's exact words below."
              : 'Nothing to write in this stage: listen, and note your own thoughts.'}
        </p>
      )}
      {view.status === 'open' && notepadOpen(view.stageIndex) && (
        <ExactWordsNotepad sessionId={view.sessionId} send={(command) => session.queue(command)} />
      )}
      {session.refusal && (
        <p role="alert" className="error">
          Not sent: {session.refusal.message}
        </p>
      )}
      {(mine.length > 0 || waiting.length > 0) && (
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">Yours ({mine.length + waiting.length})</h2>
          {mine.length > 1 && stageMarksStrongest(stage) && (
            <p className="muted">Mark your strongest one or two to read out ({strongest} of 2).</p>
          )}
          <ol className="items mine">
            {mine.map((item) => (
              <MyItem key={item.id} item={item} session={session} view={view} />
            ))}
            {waiting.map((entry) => (
              <WaitingItem key={entry.command.id} entry={entry} />
            ))}
          </ol>
        </section>
      )}
      {heard.length > 0 && (
        <section aria-labelledby="heard-h">
          <h2 id="heard-h">Read out</h2>
          <ol className="items">
            {heard.map((item) => (
              <li key={item.id}>
                <ItemText item={item} />
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

function WaitingItem({ entry }: { entry: OutboxEntry }) {
  const command = entry.command as { text?: string };
  return (
    <li className="waiting">
      <span className="item-text">{command.text}</span>
      <span className="status" role="status">
        Waiting to send: kept on this phone
      </span>
    </li>
  );
}

function MyItem({ item, session, view }: { item: ItemView; session: LiveSession; view: SessionView }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(item.text);
  const editable = view.writingOpen && item.readOutAt === null;
  const pendingEdit = session.pending.some((e) => 'itemId' in e.command && e.command.itemId === item.id);
  if (editing) {
    return (
      <li>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            session.queue({ type: 'item.edit', itemId: item.id, text });
            setEditing(false);
          }}
        >
          <label>
            Edit
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={LIMITS.itemChars}
              rows={3}
              required
            />
          </label>
          <div className="button-row">
            <button type="submit" className="primary" disabled={!text.trim()}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li>
      <ItemText item={item} />
      <span className="delivered">{pendingEdit ? ' · sending change…' : ' ✓ delivered'}</span>
      <div className="button-row">
        {stageMarksStrongest(STAGES[view.stageIndex]!) && (
          <button
            type="button"
            aria-pressed={item.strongest}
            onClick={() => session.queue({ type: 'item.markStrongest', itemId: item.id, strongest: !item.strongest })}
          >
            {item.strongest ? '★ Strongest' : '☆ Strongest'}
          </button>
        )}
        {editable && (
          <button
            type="button"
            onClick={() => {
              setText(item.text);
              setEditing(true);
            }}
          >
            Edit
          </button>
        )}
        {editable && (
          <button type="button" onClick={() => session.queue({ type: 'item.withdraw', itemId: item.id })}>
            Withdraw
          </button>
        )}
      </div>
    </li>
  );
}
