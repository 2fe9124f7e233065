/**
 * The current stage's items, in the order they were written. While items are read out, each row
 * is one button for the whole row (read out / unmark), long texts shown whole; in the choose
 * step, a read row records the worker's choice (and one missed in the read-out can still be read
 * out). Counts per person show who is still writing.
 */
import { nanoid } from 'nanoid';
import { DEFAULT_PART_FOR_STAGE, MAP_PART_SPECS, type MapPart } from '../../../shared/process/map.js';
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
      {item.relationship && <span className="tag">relationship</span>}
      {item.element && item.kind === 'scaling-question' && (
        <span className="tag">{item.element === 'safety' ? 'safety scale' : 'other scale'}</span>
      )}
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
      {stage.items.relationshipQuestions && items.length > 0 && <RelationshipCount items={items} />}
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
              {facilitator && view.status === 'open' && stage.id !== 'process-review' && (
                <SendToMap view={view} source={{ kind: 'item', itemId: item.id }} label={item.text} run={run} />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A6-WW-2: at least half should be relationship questions. */
function RelationshipCount({ items }: { items: ItemView[] }) {
  const n = items.filter((i) => i.relationship).length;
  const under = n * 2 < items.length;
  return (
    <p className={under ? 'cue-warning' : 'muted'}>
      Relationship questions: {n} of {items.length}
      {under ? '. Fewer than half: ask for questions through the eyes of others.' : ''}
    </p>
  );
}

/** Sends an item or an exact-words note to a part of the map (MAP-2): a note appears there on the board. */
export function SendToMap({
  view,
  source,
  label,
  run,
}: {
  view: SessionView;
  source: { kind: 'item'; itemId: string } | { kind: 'words'; noteId: string };
  label: string;
  run: (command: Command) => Promise<boolean>;
}) {
  const ref = source.kind === 'item' ? source.itemId : source.noteId;
  const placed = (view.placements ?? []).filter(
    (p) => (p.source.kind === 'item' ? p.source.itemId : p.source.noteId) === ref,
  );
  const fallback = DEFAULT_PART_FOR_STAGE[view.stageId] ?? 'next-steps';
  return (
    <span className="send-to-map">
      <select
        aria-label={`Send to the map: ${label}`}
        value=""
        onChange={(e) => {
          const part = e.target.value as MapPart;
          if (part) run({ type: 'map.place', placementId: nanoid(16), part, source });
        }}
      >
        <option value="">{placed.length ? `On the map (${placed.length})` : `Send to map…`}</option>
        {MAP_PART_SPECS.filter((p) => p.takesNotes).map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
            {p.id === fallback ? ' (usual)' : ''}
          </option>
        ))}
      </select>
    </span>
  );
}
