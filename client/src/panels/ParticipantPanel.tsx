/**
 * A participant's phone: what to write now (with prompts on good questions), their own items with
 * a delivered tick each, and what has been read out. Everything written goes through the outbox,
 * so it survives a dropped connection or a server restart and arrives exactly once.
 */
import { nanoid } from 'nanoid';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { notepadOpen, promptFor, STAGES, stageMarksStrongest } from '../../../shared/process/stages.js';
import { QUESTION_TIPS } from '../../../shared/process/tips.js';
import type { ItemView, SessionView } from '../../../shared/projection.js';
import { ExactWordsNotepad } from '../components/ExactWordsNotepad.js';
import { ItemText, itemName } from '../components/ItemText.js';
import { WriteForm } from '../components/WriteForm.js';
import type { OutboxEntry } from '../session/outbox.js';
import type { LiveSession } from '../session/useSession.js';

/** How long Undo is offered after a withdrawal. */
const UNDO_MS = 6000;

export function ParticipantPanel({ session, view }: { session: LiveSession; view: SessionView }) {
  const stage = STAGES[view.stageIndex]!;
  const spec = stage.items;
  const withdrawals = useWithdrawals(session);
  // Newest first, next to the write box: what was just added, and whether it arrived, is in view.
  const mine = view.items
    .filter((i) => i.mine && i.stageId === stage.id && !withdrawals.recent.has(i.id))
    .sort((a, b) => b.createdAt - a.createdAt);
  const delivered = new Set(view.items.map((i) => i.id));
  const waiting = session.pending
    .filter((e) => e.command.type === 'item.submit' && !delivered.has(e.command.itemId))
    .reverse();
  const heard = view.items.filter((i) => !i.mine && i.stageId === stage.id && i.readOutAt !== null);
  const canWrite = view.status === 'open' && view.writingOpen && spec?.writers.includes('participant');
  const tips = QUESTION_TIPS[stage.id];
  const strongest = mine.filter((i) => i.strongest).length;
  const announcement = useDeliveryAnnouncement(view);
  const undoable = view.writingOpen ? [...withdrawals.recent.values()] : [];

  if (view.status === 'ended') {
    return (
      <div className="phone">
        <p className="prompt">Thank you for your questions. You can close this page.</p>
        <p className="muted">What you wrote went to the caseworker in the question pack.</p>
      </div>
    );
  }
  const notStarted = view.startedAt === null;
  return (
    <div className="phone">
      {notStarted ? (
        <p className="prompt" role="status">
          You are in. Waiting for the facilitator to start: keep this page open.
        </p>
      ) : (
        <p className="prompt">{promptFor(stage, view.step, view.reviewTopic)}</p>
      )}
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
          status={
            waiting.length > 0 ? `Sending: ${itemName((waiting[0]!.command as { text: string }).text)}` : announcement
          }
        />
      ) : notStarted ? null : (
        <p className="muted">
          {spec
            ? 'Writing is closed for now. Listen for the read-out.'
            : notepadOpen(view.stageIndex)
              ? "Nothing to write for the group in this stage: listen, and note the worker's exact words below."
              : 'Nothing to write in this stage: listen, and note your own thoughts.'}
        </p>
      )}
      {!canWrite && (
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      )}
      {session.refusal && (
        <p role="alert" className="error">
          Not sent: {session.refusal.message}
        </p>
      )}
      {(mine.length > 0 || waiting.length > 0 || undoable.length > 0) && (
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">Yours, newest first ({mine.length + waiting.length})</h2>
          {mine.length > 1 && stageMarksStrongest(stage) && (
            <p className="muted">Mark your strongest one or two to read out ({strongest} of 2).</p>
          )}
          <ol className="items mine" reversed>
            {undoable.map((item) => (
              <li key={item.id} className="withdrawn">
                <span className="muted">Withdrawn: {itemName(item.text)}</span>
                <button
                  type="button"
                  onClick={() => withdrawals.undo(item)}
                  aria-label={`Undo withdraw: ${itemName(item.text)}`}
                >
                  Undo
                </button>
              </li>
            ))}
            {waiting.map((entry) => (
              <WaitingItem key={entry.command.id} entry={entry} />
            ))}
            {mine.map((item) => (
              <MyItem key={item.id} item={item} session={session} view={view} withdraw={withdrawals.withdraw} />
            ))}
          </ol>
        </section>
      )}
      {view.status === 'open' && notepadOpen(view.stageIndex) && (
        <ExactWordsNotepad sessionId={view.sessionId} send={(command) => session.queue(command)} />
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

/**
 * Withdraw with undo: the withdrawal is sent at once (so it can never race the end of writing or
 * a closed tab), and for a few seconds Undo writes the same item again, as a new one.
 */
function useWithdrawals(session: LiveSession) {
  const [recent, setRecent] = useState<Map<string, ItemView>>(() => new Map());
  const forget = useCallback((itemId: string) => {
    setRecent((m) => {
      const next = new Map(m);
      next.delete(itemId);
      return next;
    });
  }, []);
  return {
    recent,
    withdraw: (item: ItemView) => {
      session.queue({ type: 'item.withdraw', itemId: item.id });
      setRecent((m) => new Map(m).set(item.id, item));
      window.setTimeout(() => forget(item.id), UNDO_MS);
    },
    undo: (item: ItemView) => {
      forget(item.id);
      session.queue({
        type: 'item.submit',
        itemId: nanoid(16),
        stageId: item.stageId,
        text: item.text,
        element: item.element,
        relationship: item.relationship === true,
      });
    },
  };
}

/** "Delivered: …" for a screen reader, politely, each time one of this person's items arrives. */
function useDeliveryAnnouncement(view: SessionView): string {
  const seen = useRef<Set<string> | null>(null);
  const [said, setSaid] = useState('');
  useEffect(() => {
    const mine = view.items.filter((i) => i.mine);
    if (seen.current) {
      const fresh = mine.filter((i) => !seen.current!.has(i.id));
      if (fresh.length > 0) setSaid(`✓ Delivered: ${itemName(fresh.at(-1)!.text)}`);
    }
    seen.current = new Set(mine.map((i) => i.id));
  }, [view.items]);
  return said;
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

function MyItem({
  item,
  session,
  view,
  withdraw,
}: {
  item: ItemView;
  session: LiveSession;
  view: SessionView;
  withdraw: (item: ItemView) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(item.text);
  const editable = view.writingOpen && item.readOutAt === null;
  const pendingEdit = session.pending.some((e) => 'itemId' in e.command && e.command.itemId === item.id);
  const name = itemName(item.text);
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
              // biome-ignore lint/a11y/noAutofocus: the person just asked to edit this item
              autoFocus
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
      <span className="delivered">
        {pendingEdit ? ' · sending change…' : item.readOutAt !== null ? ' ✓ delivered · read out' : ' ✓ delivered'}
      </span>
      <div className="button-row">
        {stageMarksStrongest(STAGES[view.stageIndex]!) && (
          <button
            type="button"
            aria-pressed={item.strongest}
            aria-label={`Strongest: ${name}`}
            onClick={() => session.queue({ type: 'item.markStrongest', itemId: item.id, strongest: !item.strongest })}
          >
            {item.strongest ? '★ Strongest' : '☆ Strongest'}
          </button>
        )}
        {editable && (
          <button
            type="button"
            aria-label={`Edit: ${name}`}
            onClick={() => {
              setText(item.text);
              setEditing(true);
            }}
          >
            Edit
          </button>
        )}
        {editable && (
          <button type="button" aria-label={`Withdraw: ${name}`} onClick={() => withdraw(item)}>
            Withdraw
          </button>
        )}
      </div>
    </li>
  );
}
