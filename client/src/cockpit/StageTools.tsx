/**
 * The tools this stage and step need, and only those: the worker's exact words in the free
 * description, their goal in stage 4, the worker's rating in a check-in (and harm, and the
 * safety scale while mapping scaling questions), and one's own writing while writing is open.
 * Everything is also in the session drawer, at any stage.
 */
import { STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import type { Role } from '../../../shared/roles.js';
import { RatingButtons } from '../console/Ratings.js';
import { ExactWords, GoalForm } from '../console/Record.js';
import { WritePanel } from '../console/WritePanel.js';
import type { LiveSession } from '../session/useSession.js';

export function StageTools({ session, view, role }: { session: LiveSession; view: SessionView; role: Role }) {
  const stage = STAGES[view.stageIndex]!;
  const facilitator = role === 'facilitator';
  const open = view.status === 'open';
  const rating =
    facilitator &&
    open &&
    (view.step === 'check-in' ||
      (stage.id === 'harm' && view.step === 'choose') ||
      (stage.id === 'scaling' && view.step === 'map'));
  const writes = open && view.writingOpen && stage.items?.writers.includes(role);
  return (
    <>
      {stage.id === 'description' && (
        <section className="tool" aria-labelledby="words-h">
          <h2 id="words-h">As the worker says it</h2>
          <ExactWords session={session} view={view} editable={facilitator && open} />
        </section>
      )}
      {stage.id === 'goal' && (
        <section className="tool" aria-labelledby="goal-h">
          <h2 id="goal-h">Worker's goal</h2>
          <GoalForm session={session} view={view} editable={facilitator && open} />
        </section>
      )}
      {rating && (
        <section className="tool" aria-labelledby="rating-h">
          <h2 id="rating-h">{stage.id === 'harm' ? 'Harm mapped, 0 to 10' : 'Check-in, 0 to 10'}</h2>
          <RatingButtons session={session} view={view} />
        </section>
      )}
      {writes && (
        <details className="tool" open={stage.round.length === 0 || stage.id === 'rough'}>
          <summary>Write your own</summary>
          <WritePanel session={session} view={view} />
        </details>
      )}
    </>
  );
}
