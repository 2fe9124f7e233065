/**
 * The three columns of the Signs of Safety map, with the caseworker's chosen items in the next
 * steps of "What needs to happen?". The tldraw board (issue 5) draws on the same layout.
 */
import type { SessionView } from '../../../shared/projection.js';
import { ItemText } from './ItemText.js';

export function SignsOfSafetyMap({ view }: { view: SessionView }) {
  const chosen = view.items.filter((i) => i.chosen).sort((a, b) => (a.chosenAt ?? 0) - (b.chosenAt ?? 0));
  return (
    <section className="sos-map" aria-label="Signs of Safety map">
      <div className="sos-column">
        <h2>What are we worried about?</h2>
      </div>
      <div className="sos-column">
        <h2>What's working well?</h2>
      </div>
      <div className="sos-column">
        <h2>What needs to happen?</h2>
        <h3>Next steps</h3>
        {chosen.length === 0 ? (
          <p className="muted">Questions the caseworker chooses appear here.</p>
        ) : (
          <ol className="items">{chosen.map((item) => <li key={item.id}><ItemText item={item} /></li>)}</ol>
        )}
      </div>
    </section>
  );
}
