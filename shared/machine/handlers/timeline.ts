/** Moving through stages and steps, and the clock. Nothing here ever advances by itself. */
import type { CommandOf } from '../../commands.js';
import { fail } from '../../errors.js';
import { STAGES } from '../../process/stages.js';
import { extendTimer, pauseTimer, runningTimer, startTimer, type Timer } from '../../process/timer.js';
import { minutesToMs, plannedStageMs, plannedStepMs, type SessionState } from '../../state.js';
import type { Handler } from '../context.js';

function mapTimers(state: SessionState, f: (t: Timer) => Timer): SessionState {
  return { ...state, stageTimer: f(state.stageTimer), stepTimer: state.stepTimer ? f(state.stepTimer) : null };
}

/** Starts the clock (the first press begins the session's timing). */
export const timerStart: Handler<CommandOf<'timer.start'>> = (state, _cmd, { now }) => {
  if (state.stageTimer.started && (state.stepTimer === null || state.stepTimer.started)) {
    return fail('CONFLICT', 'the timer has already started: use pause and resume');
  }
  return { ...mapTimers(state, (t) => startTimer(t, now)), startedAt: state.startedAt ?? now };
};

export const timerPause: Handler<CommandOf<'timer.pause'>> = (state, _cmd, { now }) => {
  if (state.stageTimer.runningSince === null) return fail('CONFLICT', 'the timer is not running');
  return mapTimers(state, (t) => pauseTimer(t, now));
};

export const timerResume: Handler<CommandOf<'timer.resume'>> = (state, _cmd, { now }) => {
  if (state.stageTimer.runningSince !== null) return fail('CONFLICT', 'the timer is already running');
  if (!state.stageTimer.started) return fail('CONFLICT', 'the timer has not started: use start');
  return mapTimers(state, (t) => startTimer(t, now));
};

export const timerExtend: Handler<CommandOf<'timer.extend'>> = (state, cmd) => {
  const delta = minutesToMs(cmd.minutes);
  // PRD-TIME-1: an untimed step counts up; there is no length to change.
  if (cmd.scope === 'stage') {
    if (state.stageTimer.plannedMs === null) return fail('WRONG_STAGE', 'this stage is not timed: its clock counts up');
    return { ...state, stageTimer: extendTimer(state.stageTimer, delta) };
  }
  if (!state.stepTimer) return fail('WRONG_STAGE', 'this stage has no steps');
  if (state.stepTimer.plannedMs === null) return fail('WRONG_STAGE', 'this step is not timed: its clock counts up');
  return { ...state, stepTimer: extendTimer(state.stepTimer, delta) };
};

/** Enters a stage: both its clocks run from now, and the round starts at its first step. */
function enterStage(state: SessionState, index: number, now: number, skippedFrom: boolean): SessionState {
  const spec = STAGES[index]!;
  const hasRound = spec.round.length > 0;
  const visits = skippedFrom
    ? state.visits.map((v, i) => (i === state.visits.length - 1 ? { ...v, skipped: true } : v))
    : state.visits;
  return {
    ...state,
    stageIndex: index,
    stepIndex: hasRound ? 0 : null,
    skippedSteps: [],
    stageTimer: runningTimer(plannedStageMs(state, index), now),
    stepTimer: hasRound ? runningTimer(plannedStepMs(state, index, 0), now) : null,
    startedAt: state.startedAt ?? now,
    furthestStageIndex: Math.max(state.furthestStageIndex, index),
    visits: [...visits, { stageId: spec.id, enteredAt: now, skipped: false }],
  };
}

function nextStage(state: SessionState, now: number, skip: boolean): SessionState {
  if (state.stageIndex >= STAGES.length - 1)
    return fail('WRONG_STAGE', 'this is the last stage: end the session instead');
  return enterStage(state, state.stageIndex + 1, now, skip);
}

export const stageAdvance: Handler<CommandOf<'stage.advance'>> = (state, _cmd, { now }) => nextStage(state, now, false);
export const stageSkip: Handler<CommandOf<'stage.skip'>> = (state, _cmd, { now }) => nextStage(state, now, true);

export const stageBack: Handler<CommandOf<'stage.back'>> = (state, _cmd, { now }) => {
  if (state.stageIndex === 0) return fail('WRONG_STAGE', 'this is the first stage');
  return enterStage(state, state.stageIndex - 1, now, false);
};

/** The agenda: straight to any stage, forward or back; the stages passed over are not entered. */
export const stageGoTo: Handler<CommandOf<'stage.goTo'>> = (state, cmd, { now }) => {
  const index = STAGES.findIndex((s) => s.id === cmd.stageId);
  if (index === state.stageIndex) return state;
  return enterStage(state, index, now, false);
};

function enterStep(state: SessionState, stepIndex: number, now: number): SessionState {
  const keepPaused = state.stageTimer.runningSince === null && state.stageTimer.started;
  const timer = runningTimer(plannedStepMs(state, state.stageIndex, stepIndex), now);
  // Moving between steps while the clock is paused keeps it paused: the facilitator paused on purpose.
  const stepTimer = keepPaused ? pauseTimer(timer, now) : timer;
  const stageTimer = state.stageTimer.started ? state.stageTimer : startTimer(state.stageTimer, now);
  return { ...state, stepIndex, stepTimer, stageTimer, startedAt: state.startedAt ?? now };
}

function requireRound(state: SessionState): number {
  if (state.stepIndex === null) return fail('WRONG_STAGE', 'this stage has no steps');
  return state.stepIndex;
}

function nextStep(state: SessionState, now: number, skip: boolean): SessionState {
  const index = requireRound(state);
  const round = STAGES[state.stageIndex]!.round;
  if (index >= round.length - 1) return fail('WRONG_STAGE', 'this is the last step of the round: advance the stage');
  const moved = enterStep(state, index + 1, now);
  return skip ? { ...moved, skippedSteps: [...state.skippedSteps, round[index]!.id] } : moved;
}

export const stepAdvance: Handler<CommandOf<'step.advance'>> = (state, _cmd, { now }) => nextStep(state, now, false);
export const stepSkip: Handler<CommandOf<'step.skip'>> = (state, _cmd, { now }) => nextStep(state, now, true);

export const stepBack: Handler<CommandOf<'step.back'>> = (state, _cmd, { now }) => {
  const index = requireRound(state);
  if (index === 0) return fail('WRONG_STAGE', 'this is the first step of the round');
  const round = STAGES[state.stageIndex]!.round;
  const back = enterStep(state, index - 1, now);
  return { ...back, skippedSteps: state.skippedSteps.filter((s) => s !== round[index - 1]!.id) };
};

/** Used by session.end: every clock stops where it is. */
export function stopClocks(state: SessionState, now: number): SessionState {
  return mapTimers(state, (t) => pauseTimer(t, now));
}
