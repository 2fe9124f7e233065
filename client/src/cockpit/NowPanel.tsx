/**
 * Where the meeting is and what comes next: the stage and its round, both clocks, and the one
 * primary action, with going back, the clock and skipping beside it. Its keys are the same
 * actions (N, B, P, + and −).
 */
import { STAGES, STEP_LABELS } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import { Countdown } from '../components/Countdown.js';
import { clockTime } from '../components/when.js';
import type { LiveSession } from '../session/useSession.js';
import { type Action, backAction, clockAction, extendAction, primaryAction, skipAction } from './actions.js';

export function NowPanel({
  session,
  view,
  drives,
  act,
}: {
  session: LiveSession;
  view: SessionView;
  /** Whether this person drives the stage (the facilitator; the advisor in the stage they lead). */
  drives: boolean;
  act: (action: Action | null) => void;
}) {
  const stage = STAGES[view.stageIndex]!;
  const primary = drives ? primaryAction(view) : null;
  const back = drives ? backAction(view) : null;
  const clock = drives ? clockAction(view) : null;
  const skip = drives ? skipAction(view) : null;
  const stepIndex = view.step ? stage.round.findIndex((s) => s.id === view.step) : -1;
  if (view.status === 'ended') return <EndedPanel view={view} stageTitle={stage.title} />;
  return (
    <section className="now" aria-labelledby="now-h">
      <p className="eyebrow">
        Stage {stage.number} of {STAGES.length}
        {stage.lead === 'advisor' ? ' · the advisor leads' : ''}
      </p>
      <h1 id="now-h">
        {stage.title}
        {view.step && <span className="step"> · {STEP_LABELS[view.step]}</span>}
      </h1>
      {stage.round.length > 0 && (
        <ol className="round" aria-label="The round">
          {stage.round.map((s, i) => (
            <li
              key={s.id}
              className={
                i === stepIndex
                  ? 'current'
                  : i < stepIndex
                    ? view.skippedSteps.includes(s.id)
                      ? 'skipped'
                      : 'done'
                    : ''
              }
              aria-current={i === stepIndex ? 'step' : undefined}
            >
              {STEP_LABELS[s.id]}
            </li>
          ))}
        </ol>
      )}
      <div className="timers">
        {view.stepTimer && <Countdown timer={view.stepTimer} serverNow={session.serverNow} label="Step time" />}
        <Countdown timer={view.stageTimer} serverNow={session.serverNow} label="Stage time" />
      </div>
      {primary && (
        <button type="button" className="primary next-action" onClick={() => act(primary)} aria-keyshortcuts="N">
          {primary.label}
        </button>
      )}
      {drives && view.status === 'open' && (
        <div className="button-row secondary-actions">
          {back && (
            <button type="button" onClick={() => act(back)} title={back.label} aria-keyshortcuts="B">
              {back.label}
            </button>
          )}
          {clock && (
            <button type="button" onClick={() => act(clock)} aria-keyshortcuts="P">
              {clock.label}
            </button>
          )}
          {extendAction(view, 1) && (
            <>
              <button type="button" onClick={() => act(extendAction(view, 1))} aria-keyshortcuts="+">
                +1 min
              </button>
              <button type="button" onClick={() => act(extendAction(view, -1))} aria-keyshortcuts="-">
                −1 min
              </button>
            </>
          )}
          {skip && (
            <button type="button" onClick={() => act(skip)}>
              {skip.label}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** After the end the clocks and the round mean nothing: when it ran, and where it stopped if early. */
function EndedPanel({ view, stageTitle }: { view: SessionView; stageTitle: string }) {
  const last = view.stageIndex === STAGES.length - 1;
  return (
    <section className="now" aria-labelledby="now-h">
      <p className="eyebrow">
        {view.startedAt && view.endedAt
          ? `Ran ${clockTime(view.startedAt)} to ${clockTime(view.endedAt)} (${Math.max(1, Math.round((view.endedAt - view.startedAt) / 60_000))} min)`
          : 'Ended'}
      </p>
      <h1 id="now-h">The session has ended</h1>
      {!last && <p className="muted">It ended during {stageTitle}.</p>}
      {view.record && <p>Agree the record with the caseworker: each of you confirms it with your name.</p>}
    </section>
  );
}
