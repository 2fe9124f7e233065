/**
 * The current stage's items, in the order they were written. While items are read out, each row
 * is one button for the whole row (read out / unmark), long texts shown whole; in the choose
 * step, a read row records the worker's choice (and one missed in the read-out can still be read
 * out). Counts per person show who is still writing.
 */
import { STAGES } from '../../../shared/process/stages.js';
import type { ItemView, SessionView } from '../../../shared/projection.js';
import { ItemText } from '../components/ItemText.js';
import type { Command } from '../session/useSession.js';
import { readingNow, stageItems } from './actions.js';

function countsByAuthor(items: ItemView[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.authorName ?? 'Someone', (counts.get(i.authorName ?? 'Someone') ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ${n}`).join(' · ');
}

/** What a row's colour and mark already say (read out) is not repeated as a tag. */
function Tags({ item }: { item: ItemView }) {
  return (
    <span className="item-tags">
      {item.strongest && <span className="tag strong">strongest</span>}
      {item.chosen && <span className="tag chosen">chosen</span>}
      {item.late && <span className="tag">late</span>}
    </span>
  );
}

export function ItemRows({
  view,
  drives,
  facilitator,
  run,
}: {
  view: SessionView;
  drives: boolean;
  facilitator: boolean;
  run: (command: Command) => Promise<boolean>;
}) {
  const stage = STAGES[view.stageIndex]!;
  if (!stage.items) return null;
  const items = stageItems(view);
  const reading = drives && readingNow(view);
  const handedOver = view.handedOver[stage.id] !== undefined;
  const choosing = facilitator && view.status === 'open' && view.step === 'choose';
  return (
    <section className="stage-items" aria-labelledby="items-h">
      <h2 id="items-h">
        {stage.items.label}s ({items.length})
      </h2>
      <p className="muted counts" aria-live="polite">
        {countsByAuthor(items) || 'Nothing written yet.'}
      </p>
      <ol className="item-rows">
        {items.map((item) => {
          const content = (
            <>
              <span className="row-mark" aria-hidden="true">
                {choosing ? (item.chosen ? '★' : '☆') : item.readOutAt ? '✓' : ''}
              </span>
              <ItemText item={item} />
              <Tags item={item} />
            </>
          );
          // While choosing, an item missed in the read-out can still be read out (then chosen).
          if (reading || (choosing && drives && !item.readOutAt && !handedOver)) {
            return (
              <li key={item.id} className={item.readOutAt ? 'read' : ''}>
                <button
                  type="button"
                  className="item-row"
                  aria-pressed={item.readOutAt !== null}
                  aria-label={`${item.readOutAt ? 'Unmark read' : 'Read out'}: ${item.text}`}
                  onClick={() => run({ type: 'item.readOut', itemId: item.id, read: !item.readOutAt })}
                >
                  {content}
                </button>
              </li>
            );
          }
          if (choosing && (item.readOutAt || handedOver)) {
            return (
              <li key={item.id} className={item.chosen ? 'chosen' : ''}>
                <button
                  type="button"
                  className="item-row"
                  aria-pressed={item.chosen}
                  aria-label={`${item.chosen ? 'Unchoose' : 'Worker chooses'}: ${item.text}`}
                  onClick={() => run({ type: 'item.choose', itemId: item.id, chosen: !item.chosen })}
                >
                  {content}
                </button>
              </li>
            );
          }
          return (
            <li key={item.id} className={`item-row static ${item.readOutAt ? 'read' : ''}`}>
              {content}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
