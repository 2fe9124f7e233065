/**
 * The worker's 0-10 answers, each in its own series (A6-WW-7, A6-HARM-4, A6-SCALE-6): usefulness
 * check-ins with the worker's words, how well past harm is mapped, and the safety scale shaped in
 * the scaling stage with its key players' ratings.
 */
import { nanoid } from 'nanoid';
import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { stageSpec } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import { type Rating, type RatingScale, SCALE_POINTS } from '../../../shared/state.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

const SERIES: Record<RatingScale, { title: string; meaning: string }> = {
  usefulness: {
    title: 'Usefulness check-ins',
    meaning: "10: I've got what I need from the consult already. 0: no better off or any clearer than at the start.",
  },
  'harm-mapped': {
    title: 'How well is past harm mapped',
    meaning: '10: past harm is mapped and does not need doing. 0: really unclear and needs attention.',
  },
  safety: { title: 'Safety scale', meaning: "The worker's safety scale, rated by each key player." },
};

const stageName = (r: Rating) => `${stageSpec(r.stageId).number}. ${stageSpec(r.stageId).title}`;

/** Every rating recorded so far, one table per series: they are never mixed. */
export function RatingsTable({ view }: { view: SessionView }) {
  const ratings = view.ratings ?? [];
  if (ratings.length === 0) {
    return <p className="muted">No ratings yet. The caseworker answers from their own screen, or record them here.</p>;
  }
  return (
    <>
      {(Object.keys(SERIES) as RatingScale[]).map((scale) => {
        const rows = ratings.filter((r) => r.scale === scale);
        if (rows.length === 0) return null;
        return (
          <table className="ratings" key={scale}>
            <caption>{SERIES[scale].title}</caption>
            <thead>
              <tr>
                <th scope="col">{scale === 'safety' ? 'Key player' : 'Stage'}</th>
                <th scope="col">Rating</th>
                {scale === 'usefulness' && <th scope="col">Most useful, in the worker's words</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{scale === 'safety' ? r.keyPlayer : stageName(r)}</td>
                  <td>{r.value}/10</td>
                  {scale === 'usefulness' && <td>{r.words ?? ''}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </>
  );
}

/** One tap records the worker's answer on one series; a check-in keeps their words with it. */
export function ScaleButtons({
  session,
  view,
  scale,
}: {
  session: LiveSession;
  view: SessionView;
  scale: 'usefulness' | 'harm-mapped';
}) {
  const { run, error } = useCommand(session);
  const [words, setWords] = useState('');
  const last = [...(view.ratings ?? [])].reverse().find((r) => r.stageId === view.stageId && r.scale === scale);
  async function record(value: number) {
    const said = scale === 'usefulness' && words.trim() ? words.trim() : null;
    if (await run({ type: 'rating.record', ratingId: nanoid(16), scale, value, words: said })) setWords('');
  }
  return (
    <div className="rating-tools">
      {scale === 'usefulness' && (
        <label>
          What has been most useful so far? (the worker's words)
          <input value={words} onChange={(e) => setWords(e.target.value)} maxLength={LIMITS.noteChars} />
        </label>
      )}
      <fieldset className="scale" aria-label={`${SERIES[scale].title}, 0 to 10`}>
        {SCALE_POINTS.map((n) => (
          <button type="button" key={n} aria-pressed={last?.value === n} onClick={() => record(n)}>
            {n}
          </button>
        ))}
      </fieldset>
      <p className="muted">
        {SERIES[scale].meaning}
        {last ? ` Last: ${last.value}/10${last.words ? `, "${last.words}"` : ''}.` : ''}
      </p>
      <ErrorLine error={error} />
    </div>
  );
}

/** A6-SCALE-5, A6-SCALE-6: the worker's safety scale in words, then each key player's rating on it. */
export function SafetyScaleTool({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  const scale = view.safetyScale;
  const [question, setQuestion] = useState(scale?.question ?? '');
  const [ten, setTen] = useState(scale?.ten ?? '');
  const [zero, setZero] = useState(scale?.zero ?? '');
  const [player, setPlayer] = useState('');
  const [value, setValue] = useState(5);
  async function saveScale(e: FormEvent) {
    e.preventDefault();
    await run({ type: 'safetyScale.set', question, ten, zero });
  }
  async function addRating(e: FormEvent) {
    e.preventDefault();
    if (await run({ type: 'rating.record', ratingId: nanoid(16), scale: 'safety', value, keyPlayer: player }))
      setPlayer('');
  }
  const ratings = (view.ratings ?? []).filter((r) => r.scale === 'safety');
  return (
    <div className="rating-tools">
      <form onSubmit={saveScale} className="stacked">
        <label>
          The safety scaling question, as it will be asked
          <textarea
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            maxLength={LIMITS.scaleChars}
            rows={2}
          />
        </label>
        <label>
          10 means
          <input value={ten} onChange={(e) => setTen(e.target.value)} maxLength={LIMITS.scaleChars} />
        </label>
        <label>
          0 means
          <input value={zero} onChange={(e) => setZero(e.target.value)} maxLength={LIMITS.scaleChars} />
        </label>
        <button type="submit" disabled={!question.trim() || !ten.trim() || !zero.trim()}>
          {scale ? 'Update the scale' : 'Save the scale'}
        </button>
      </form>
      <form onSubmit={addRating} className="inline">
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
          Rating 0-10
          <input type="number" min={0} max={10} value={value} onChange={(e) => setValue(Number(e.target.value))} />
        </label>
        <button type="submit" disabled={!player.trim()}>
          Add rating
        </button>
      </form>
      {ratings.length > 0 && <p>Ratings: {ratings.map((r) => `${r.keyPlayer} ${r.value}`).join(' · ')}</p>}
      <ErrorLine error={error} />
    </div>
  );
}
