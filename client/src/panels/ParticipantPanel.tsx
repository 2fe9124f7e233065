/** A participant's phone: what to write now, their own items, and what has been read out. */
import type { SessionView } from '../../../shared/projection.js';
import { promptFor, STAGES } from '../../../shared/process/stages.js';
import { ItemText } from '../components/ItemText.js';
import { WriteForm } from '../components/WriteForm.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function ParticipantPanel({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  const stage = STAGES[view.stageIndex]!;
  const spec = stage.items;
  const mine = view.items.filter((i) => i.mine && i.stageId === stage.id);
  const heard = view.items.filter((i) => !i.mine && i.stageId === stage.id);
  const canWrite = view.writingOpen && spec !== undefined;

  return (
    <div className="phone">
      <p className="prompt">{promptFor(stage, view.step)}</p>
      {canWrite ? (
        <WriteForm view={view} submit={run} />
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
