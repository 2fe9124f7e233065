/** The clock and the way through the process: every transition is the facilitator's (or the leading advisor's). */

import { STAGES, STEP_LABELS } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function Controls({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  const stage = STAGES[view.stageIndex]!;
  const next = STAGES[view.stageIndex + 1];
  const stepIndex = view.step ? stage.round.findIndex((s) => s.id === view.step) : -1;
  const nextStep = stepIndex >= 0 ? stage.round[stepIndex + 1] : undefined;
  const running = view.stageTimer.runningSince !== null;
  const scope = view.step ? 'step' : 'stage';
  return (
    <section aria-labelledby="controls-h" className="card">
      <h2 id="controls-h">Controls</h2>
      <div className="button-row">
        {!view.stageTimer.started ? (
          <button type="button" className="primary" onClick={() => run({ type: 'timer.start' })}>
            Start the clock
          </button>
        ) : running ? (
          <button type="button" onClick={() => run({ type: 'timer.pause' })}>
            Pause
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => run({ type: 'timer.resume' })}>
            Resume
          </button>
        )}
        <button type="button" onClick={() => run({ type: 'timer.extend', scope, minutes: 1 })}>
          +1 min
        </button>
        <button type="button" onClick={() => run({ type: 'timer.extend', scope, minutes: -1 })}>
          −1 min
        </button>
      </div>
      {view.step && (
        <fieldset className="button-row" aria-label="Steps">
          <button type="button" onClick={() => run({ type: 'step.back' })} disabled={stepIndex === 0}>
            Previous step
          </button>
          <button
            type="button"
            className={nextStep ? 'primary' : ''}
            onClick={() => run({ type: 'step.advance' })}
            disabled={!nextStep}
          >
            {nextStep ? `Next step: ${STEP_LABELS[nextStep.id]}` : 'Last step'}
          </button>
          {nextStep && (
            <button type="button" onClick={() => run({ type: 'step.skip' })}>
              Skip {STEP_LABELS[view.step]}
            </button>
          )}
        </fieldset>
      )}
      <fieldset className="button-row" aria-label="Stages">
        <button type="button" onClick={() => run({ type: 'stage.back' })} disabled={view.stageIndex === 0}>
          Previous stage
        </button>
        {next && (
          <button type="button" className={!nextStep ? 'primary' : ''} onClick={() => run({ type: 'stage.advance' })}>
            Next stage: {next.title}
          </button>
        )}
        {next && (
          <button type="button" onClick={() => run({ type: 'stage.skip' })}>
            Skip stage
          </button>
        )}
      </fieldset>
      {view.skippedSteps.length > 0 && (
        <p className="muted">Skipped: {view.skippedSteps.map((s) => STEP_LABELS[s]).join(', ')}</p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
