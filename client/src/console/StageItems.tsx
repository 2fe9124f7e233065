/** Every stage's items, folded by stage: what the group wrote in the stages before (and after) this one. */
import { STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import { ItemText } from '../components/ItemText.js';

export function StageItems({ view }: { view: SessionView }) {
  const stages = STAGES.filter(
    (s, i) => s.items && i !== view.stageIndex && view.items.some((item) => item.stageId === s.id),
  );
  if (stages.length === 0) return null;
  return (
    <section className="card" aria-labelledby="earlier-h">
      <h2 id="earlier-h">Other stages</h2>
      {stages.map((stage) => {
        const items = view.items.filter((i) => i.stageId === stage.id).sort((a, b) => a.createdAt - b.createdAt);
        return (
          <details key={stage.id}>
            <summary>
              {stage.number}. {stage.title} ({items.length})
            </summary>
            <ol className="items">
              {items.map((item) => (
                <li key={item.id} className={item.readOutAt ? 'read' : ''}>
                  <ItemText item={item} />
                  {item.readOutAt && <span className="tag">read</span>}
                  {item.chosen && <span className="tag chosen">chosen</span>}
                </li>
              ))}
            </ol>
          </details>
        );
      })}
    </section>
  );
}
