/**
 * The tools this stage and step need, and only those: the worker's exact words in the free
 * description, their goal in stage 4, the worker's rating in a check-in (and harm, and the
 * safety scale while mapping scaling questions), and one's own writing while writing is open.
 * Everything is also in the session drawer, at any stage.
 */
import { notepadOpen, STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import type { Role } from '../../../shared/roles.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { ExactWordsNotepad } from '../components/ExactWordsNotepad.js';
import { SafetyScaleTool, ScaleButtons } from '../console/Ratings.js';
import { ExactWords, GoalForm, ReviewForm } from '../console/Record.js';
import { WritePanel } from '../console/WritePanel.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function StageTools({ session, view, role }: { session: LiveSession; view: SessionView; role: Role }) {
  const stage = STAGES[view.stageIndex]!;
  const facilitator = role === 'facilitator';
  const open = view.status === 'open';
  const tools = facilitator && open;
  const checkIn = tools && view.step === 'check-in';
  const harmMapped = tools && stage.id === 'harm' && (view.step === 'read' || view.step === 'choose');
  const safetyScale = tools && stage.id === 'scaling' && view.step === 'map';
  const writes = open && view.writingOpen && stage.items?.writers.includes(role);
  return (
    <>
      {stage.id === 'description' && (
        <section className="tool" aria-labelledby="words-h">
          <h2 id="words-h">As the worker says it</h2>
          <ExactWords session={session} view={view} editable={facilitator && open} />
        </section>
      )}
      {role === 'advisor' && open && notepadOpen(view.stageIndex) && (
        <ExactWordsNotepad sessionId={view.sessionId} send={(command) => session.queue(command)} />
      )}
      {stage.id === 'goal' && (
        <section className="tool" aria-labelledby="goal-h">
          <h2 id="goal-h">Worker's goal</h2>
          <GoalForm session={session} view={view} editable={facilitator && open} />
        </section>
      )}
      {checkIn && (
        <section className="tool" aria-labelledby="rating-h">
          <h2 id="rating-h">Check-in, 0 to 10</h2>
          <ScaleButtons session={session} view={view} scale="usefulness" />
        </section>
      )}
      {stage.id === 'review' && tools && (
        <section className="tool" aria-labelledby="review-h">
          <h2 id="review-h">The worker's answers</h2>
          <ReviewForm session={session} view={view} />
        </section>
      )}
      {harmMapped && (
        <section className="tool" aria-labelledby="harm-h">
          <h2 id="harm-h">How well is past harm mapped, 0 to 10?</h2>
          <ScaleButtons session={session} view={view} scale="harm-mapped" />
        </section>
      )}
      {tools && stage.id === 'harm' && (
        // A6-HARM-7: the seed has no check-in after harm; the facilitator may add one.
        <details className="tool">
          <summary>Add a check-in (not in the seed here)</summary>
          <ScaleButtons session={session} view={view} scale="usefulness" />
        </details>
      )}
      {safetyScale && (
        <section className="tool" aria-labelledby="scale-h">
          <h2 id="scale-h">The worker's safety scale</h2>
          <SafetyScaleTool session={session} view={view} />
        </section>
      )}
      {tools && (stage.id === 'danger' || stage.id === 'safety-goals') && (
        <WordsAndPicturesSwitch session={session} view={view} stageId={stage.id} />
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

/** A6-DANGER-2, A6-SG-2: the words-and-pictures form, with its frame on the board and its longer writing time. */
function WordsAndPicturesSwitch({
  session,
  view,
  stageId,
}: {
  session: LiveSession;
  view: SessionView;
  stageId: 'danger' | 'safety-goals';
}) {
  const { run, error } = useCommand(session);
  const on = view.settings.wordsAndPictures?.includes(stageId) ?? false;
  return (
    <div className="tool">
      <label className="switch">
        <input
          type="checkbox"
          checked={on}
          onChange={() => run({ type: 'session.setWordsAndPictures', stageId, on: !on })}
        />
        Words and pictures (a frame on the board{stageId === 'danger' ? '; about 10 minutes to write' : ''})
      </label>
      <ErrorLine error={error} />
    </div>
  );
}
