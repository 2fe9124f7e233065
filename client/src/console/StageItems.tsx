/**
 * Every item as it arrives, by stage: the current stage open, earlier ones folded. The facilitator
 * reads items out and records the worker's choices; counts per person show who is still writing.
 */

import { STAGES, type StageSpec } from '../../../shared/process/stages.js';
import type { ItemView, SessionView } from '../../../shared/projection.js';
import { ItemText } from '../components/ItemText.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function StageItems({ session, view, canRead }: { session: LiveSession; view: SessionView; canRead: boolean }) {
  const current = STAGES[view.stageIndex]!;
  const earlier = STAGES.filter(
    (s, i) => s.items && i !== view.stageIndex && view.items.some((item) => item.stageId === s.id),
  );
  return (
    <>
      {current.items && <StageItemList session={session} view={view} stage={current} canRead={canRead} current />}
      {earlier.length > 0 && (
        <section className="card wide" aria-labelledby="earlier-h">
          <h2 id="earlier-h">Other stages</h2>
          {earlier.map((stage) => (
            <details key={stage.id}>
              <summary>
                {stage.number}. {stage.title} ({view.items.filter((i) => i.stageId === stage.id).length})
              </summary>
              <StageItemList session={session} view={view} stage={stage} canRead={false} />
            </details>
          ))}
        </section>
      )}
    </>
  );
}

function countsByAuthor(items: ItemView[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.authorName ?? 'Someone', (counts.get(i.authorName ?? 'Someone') ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ${n}`).join(' · ');
}

function StageItemList(props: {
  session: LiveSession;
  view: SessionView;
  stage: StageSpec;
  canRead: boolean;
  current?: boolean;
}) {
  const { session, view, stage, canRead, current } = props;
  const { run, error } = useCommand(session);
  const items = view.items.filter((i) => i.stageId === stage.id).sort((a, b) => a.createdAt - b.createdAt);
  const handedOver = view.handedOver[stage.id] !== undefined;
  const open = view.status === 'open';
  const body = (
    <>
      <p className="muted" aria-live="polite">
        {countsByAuthor(items) || 'Nothing written yet.'}
      </p>
      <ol className="items">
        {items.map((item) => (
          <li key={item.id} className={item.readOutAt ? 'read' : ''}>
            <ItemText item={item} />
            {item.strongest && <span className="tag strong">strongest</span>}
            {item.readOutAt && <span className="tag">read</span>}
            {item.chosen && <span className="tag chosen">chosen</span>}
            {item.late && <span className="tag">late</span>}
            {canRead && open && (
              <span className="item-actions">
                <button
                  type="button"
                  onClick={() => run({ type: 'item.readOut', itemId: item.id, read: !item.readOutAt })}
                  aria-label={`${item.readOutAt ? 'Unmark read' : 'Read out'}: ${item.text.slice(0, 40)}`}
                >
                  {item.readOutAt ? 'Unmark read' : 'Read out'}
                </button>
                {(item.readOutAt || handedOver) && (
                  <button
                    type="button"
                    onClick={() => run({ type: 'item.choose', itemId: item.id, chosen: !item.chosen })}
                    aria-label={`${item.chosen ? 'Unchoose' : 'Worker chooses'}: ${item.text.slice(0, 40)}`}
                  >
                    {item.chosen ? 'Unchoose' : 'Worker chooses'}
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ol>
      {current && canRead && open && (
        <button type="button" onClick={() => run({ type: 'stage.handOver' })} disabled={handedOver}>
          {handedOver ? 'Handed over to the caseworker' : 'Hand over to the caseworker'}
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
  if (!current) return body;
  return (
    <section aria-labelledby="items-h" className="card wide">
      <h2 id="items-h">
        {stage.items!.label}s ({items.length})
      </h2>
      {body}
    </section>
  );
}
