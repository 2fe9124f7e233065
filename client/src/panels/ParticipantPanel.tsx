/** A participant's phone: what to write now, their own items, and what has been read out. */
import { nanoid } from 'nanoid';
import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import type { SessionView } from '../../../shared/projection.js';
import { STAGES } from '../../../shared/process/stages.js';
import { ItemText } from '../components/ItemText.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function ParticipantPanel({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  const stage = STAGES[view.stageIndex]!;
  const spec = stage.items;
  const [text, setText] = useState('');
  const [element, setElement] = useState<string>('');
  const [sending, setSending] = useState(0);
  const mine = view.items.filter((i) => i.mine && i.stageId === stage.id);
  const heard = view.items.filter((i) => !i.mine && i.stageId === stage.id);
  const canWrite = view.writingOpen && spec !== undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSending((n) => n + 1);
    const ok = await run({ type: 'item.submit', itemId: nanoid(16), stageId: stage.id, text, element: spec?.elements ? element || null : null });
    setSending((n) => n - 1);
    if (ok) setText('');
  }

  return (
    <div className="phone">
      <p className="prompt">{stage.prompt}</p>
      {canWrite ? (
        <form onSubmit={submit} className="stack">
          {spec.elements && (
            <label>
              Which part?
              <select value={element} onChange={(e) => setElement(e.target.value)} required>
                <option value="">Choose…</option>
                {spec.elements.map((el) => <option key={el.id} value={el.id}>{el.label}</option>)}
              </select>
            </label>
          )}
          <label>
            {spec.label}
            <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={LIMITS.itemChars} rows={4} required />
          </label>
          <button className="primary" disabled={!text.trim()}>Send</button>
          {sending > 0 && <p role="status">Sending…</p>}
        </form>
      ) : (
        <p className="muted">{spec ? 'Writing is closed for now. Listen for the read-out.' : 'Nothing to write in this stage: listen and take notes for yourself.'}</p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {mine.length > 0 && (
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">Yours</h2>
          <ol className="items">
            {mine.map((item) => (
              <li key={item.id}>
                <ItemText item={item} /> <span className="delivered" aria-label="delivered">✓</span>
                <button aria-pressed={item.strongest} onClick={() => run({ type: 'item.markStrongest', itemId: item.id, strongest: !item.strongest })}>
                  {item.strongest ? '★ Strongest' : '☆ Mark strongest'}
                </button>
                {view.writingOpen && !item.readOutAt && (
                  <button onClick={() => run({ type: 'item.withdraw', itemId: item.id })}>Withdraw</button>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      {heard.length > 0 && (
        <section aria-labelledby="heard-h">
          <h2 id="heard-h">Read out</h2>
          <ol className="items">{heard.map((item) => <li key={item.id}><ItemText item={item} /></li>)}</ol>
        </section>
      )}
    </div>
  );
}
