/** Check-ins (0-10 usefulness), harm mapped (0-10) and the safety scale by key player. */
import { nanoid } from 'nanoid';
import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { stageSpec } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import { SCALE_POINTS } from '../../../shared/state.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

const SCALE_LABELS = { usefulness: 'Useful so far', 'harm-mapped': 'Harm mapped', safety: 'Safety' } as const;

/** Every rating recorded so far. */
export function RatingsTable({ view }: { view: SessionView }) {
  const ratings = view.ratings ?? [];
  if (ratings.length === 0) {
    return <p className="muted">No ratings yet. The caseworker answers from their own screen, or record them here.</p>;
  }
  return (
    <table className="ratings">
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col">Scale</th>
          <th scope="col">Rating</th>
        </tr>
      </thead>
      <tbody>
        {ratings.map((r) => (
          <tr key={r.id}>
            <td>
              {stageSpec(r.stageId).number}. {stageSpec(r.stageId).title}
            </td>
            <td>
              {SCALE_LABELS[r.scale]}
              {r.keyPlayer ? `: ${r.keyPlayer}` : ''}
            </td>
            <td>{r.value}/10</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Recording the worker's answer on the stage's scale (and, in scaling, a key player's safety rating). */
export function RatingButtons({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  const [player, setPlayer] = useState('');
  const [value, setValue] = useState(5);
  // In harm, the worker rates how well past harm is mapped; its check-in is a usefulness check-in like any other.
  const scale = view.stageId === 'harm' && view.step !== 'check-in' ? 'harm-mapped' : 'usefulness';
  const last = [...(view.ratings ?? [])].reverse().find((r) => r.stageId === view.stageId && r.scale === scale);
  async function addSafety(e: FormEvent) {
    e.preventDefault();
    if (await run({ type: 'rating.record', ratingId: nanoid(16), scale: 'safety', value, keyPlayer: player }))
      setPlayer('');
  }
  return (
    <div className="rating-tools">
      <fieldset className="scale" aria-label="Record the worker's usefulness rating, 0 to 10">
        {SCALE_POINTS.map((n) => (
          <button
            type="button"
            key={n}
            aria-pressed={last?.value === n}
            onClick={() => run({ type: 'rating.record', ratingId: nanoid(16), scale, value: n })}
          >
            {n}
          </button>
        ))}
      </fieldset>
      <p className="muted">
        {scale === 'harm-mapped'
          ? 'Harm: how well is past harm already mapped?'
          : 'Usefulness: 10 = got what I need; 0 = no clearer than at the start.'}
        {last ? ` Last: ${last.value}/10.` : ''}
      </p>
      {view.stageId === 'scaling' && (
        <form onSubmit={addSafety} className="inline">
          <label>
            Key player
            <input
              value={player}
              onChange={(e) => setPlayer(e.target.value)}
              maxLength={LIMITS.keyPlayerChars}
              placeholder="e.g. Mum, school"
            />
          </label>
          <label>
            Safety 0-10
            <input type="number" min={0} max={10} value={value} onChange={(e) => setValue(Number(e.target.value))} />
          </label>
          <button type="submit" disabled={!player.trim()}>
            Add rating
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
