/** The caseworker: what has been read out, one tap to choose, and the 0-10 answers. */
import { nanoid } from 'nanoid';
import type { SessionView } from '../../../shared/projection.js';
import { STAGES } from '../../../shared/process/stages.js';
import { ItemText } from '../components/ItemText.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function CaseworkerPanel({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  const stage = STAGES[view.stageIndex]!;
  const items = view.items.filter((i) => i.stageId === stage.id);
  const open = view.status === 'open';
  const lastUsefulness = [...(view.ratings ?? [])].reverse().find((r) => r.scale === 'usefulness');
  return (
    <div className="console">
      <section className="card">
        <h2>Your goal for this consultation</h2>
        <p>{view.workerGoal || 'Not recorded yet.'}</p>
      </section>
      {stage.items && (
        <section className="card wide" aria-labelledby="cw-items">
          <h2 id="cw-items">Read out so far</h2>
          {items.length === 0 && <p className="muted">Items appear here as they are read out.</p>}
          <ol className="items">
            {items.map((item) => (
              <li key={item.id}>
                <ItemText item={item} />
                {open && (
                  <button aria-pressed={item.chosen} className={item.chosen ? 'chosen' : ''} onClick={() => run({ type: 'item.choose', itemId: item.id, chosen: !item.chosen })}>
                    {item.chosen ? '✓ Chosen' : 'Choose'}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      {open && (
        <section className="card" aria-labelledby="cw-scale">
          <h2 id="cw-scale">Where are you, 0 to 10?</h2>
          <p className="muted">10: I've got what I need from the consult already. 0: I'm no better off or any clearer than when we started.</p>
          <div className="scale" role="group" aria-label="Usefulness from 0 to 10">
            {Array.from({ length: 11 }, (_, n) => (
              <button key={n} onClick={() => run({ type: 'rating.record', ratingId: nanoid(16), scale: 'usefulness', value: n })}>{n}</button>
            ))}
          </div>
          {lastUsefulness && <p>Last answer: {lastUsefulness.value}/10</p>}
        </section>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
