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

export function Ratings({ session, view, editable }: { session: LiveSession; view: SessionView; editable: boolean }) {
  const { run, error } = useCommand(session);
  const [player, setPlayer] = useState('');
  const [value, setValue] = useState(5);
  const ratings = view.ratings ?? [];
  async function addSafety(e: FormEvent) {
    e.preventDefault();
    if (await run({ type: 'rating.record', ratingId: nanoid(16), scale: 'safety', value, keyPlayer: player }))
      setPlayer('');
  }
  return (
    <section aria-labelledby="ratings-h" className="card">
      <h2 id="ratings-h">Check-ins and scales</h2>
      {ratings.length === 0 ? (
        <p className="muted">No ratings yet. The caseworker answers from their own screen, or record them here.</p>
      ) : (
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
      )}
      {editable && (
        <>
          <fieldset className="scale" aria-label="Record the worker's usefulness rating, 0 to 10">
            {SCALE_POINTS.map((n) => (
              <button
                type="button"
                key={n}
                onClick={() =>
                  run({
                    type: 'rating.record',
                    ratingId: nanoid(16),
                    scale: view.stageId === 'harm' ? 'harm-mapped' : 'usefulness',
                    value: n,
                  })
                }
              >
                {n}
              </button>
            ))}
          </fieldset>
          <p className="muted">
            {view.stageId === 'harm'
              ? 'Harm: how well is past harm already mapped?'
              : 'Usefulness: 10 = got what I need; 0 = no clearer than at the start.'}
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
                <input
                  type="number"
                  min={0}
                  max={10}
                  value={value}
                  onChange={(e) => setValue(Number(e.target.value))}
                />
              </label>
              <button type="submit" disabled={!player.trim()}>
                Add rating
              </button>
            </form>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
