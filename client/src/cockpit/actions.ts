/**
 * What the person driving the meeting can do next, worked out from the view alone: the one
 * primary action (the big button, and the N key), going back, the clock, and which item the R key
 * reads out. The cockpit and its shortcuts share this, so a key always does what its button says.
 */
import type { ClientCommandInput } from '../../../shared/commands.js';
import { STAGES, STEP_LABELS } from '../../../shared/process/stages.js';
import type { ItemView, SessionView } from '../../../shared/projection.js';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type Action = { label: string; command: DistributiveOmit<ClientCommandInput, 'id'>; confirm?: string };

export const END_SESSION_CONFIRM = 'End the session? Every item goes to the caseworker and nothing more can be added.';

/** The one thing to do next: start the clock, hand the items over, the next step, the next stage, or end. */
export function primaryAction(view: SessionView): Action | null {
  if (view.status !== 'open') return null;
  if (!view.stageTimer.started) return { label: 'Start the clock', command: { type: 'timer.start' } };
  const stage = STAGES[view.stageIndex]!;
  if (view.step === 'hand-over' && view.handedOver[stage.id] === undefined) {
    return { label: 'Hand over to the caseworker', command: { type: 'stage.handOver' } };
  }
  const stepIndex = view.step ? stage.round.findIndex((s) => s.id === view.step) : -1;
  const nextStep = stepIndex >= 0 ? stage.round[stepIndex + 1] : undefined;
  if (nextStep) return { label: `Next step: ${STEP_LABELS[nextStep.id]}`, command: { type: 'step.advance' } };
  const nextStage = STAGES[view.stageIndex + 1];
  if (nextStage) return { label: `Next stage: ${nextStage.title}`, command: { type: 'stage.advance' } };
  return { label: 'End session', command: { type: 'session.end' }, confirm: END_SESSION_CONFIRM };
}

/** One step back, or the stage before when this is the first step (or a stage without steps). */
export function backAction(view: SessionView): Action | null {
  if (view.status !== 'open') return null;
  const stage = STAGES[view.stageIndex]!;
  const stepIndex = view.step ? stage.round.findIndex((s) => s.id === view.step) : -1;
  if (stepIndex > 0)
    return { label: `Back to ${STEP_LABELS[stage.round[stepIndex - 1]!.id]}`, command: { type: 'step.back' } };
  const before = STAGES[view.stageIndex - 1];
  return before ? { label: `Back to ${before.title}`, command: { type: 'stage.back' } } : null;
}

/** Skips the current step (recorded as skipped), or the whole stage when it has no further step. */
export function skipAction(view: SessionView): Action | null {
  if (view.status !== 'open') return null;
  const stage = STAGES[view.stageIndex]!;
  const stepIndex = view.step ? stage.round.findIndex((s) => s.id === view.step) : -1;
  if (stepIndex >= 0 && stepIndex < stage.round.length - 1) {
    return { label: `Skip ${STEP_LABELS[stage.round[stepIndex]!.id]}`, command: { type: 'step.skip' } };
  }
  return STAGES[view.stageIndex + 1] ? { label: 'Skip this stage', command: { type: 'stage.skip' } } : null;
}

export function clockAction(view: SessionView): Action | null {
  if (view.status !== 'open' || !view.stageTimer.started) return null;
  return view.stageTimer.runningSince !== null
    ? { label: 'Pause', command: { type: 'timer.pause' } }
    : { label: 'Resume', command: { type: 'timer.resume' } };
}

/** Only a timed clock can be lengthened; a step the seed does not time counts up (PRD-TIME-1). */
export function extendAction(view: SessionView, minutes: 1 | -1): Action | null {
  if (view.status !== 'open') return null;
  const timer = view.step ? view.stepTimer : view.stageTimer;
  if (!timer || timer.plannedMs === null) return null;
  return {
    label: minutes > 0 ? '+1 min' : '−1 min',
    command: { type: 'timer.extend', scope: view.step ? 'step' : 'stage', minutes },
  };
}

/**
 * The current stage's items in the order the cockpit lists them: as they were written, so rows
 * never jump under the pointer while the facilitator reads out.
 */
export function stageItems(view: SessionView): ItemView[] {
  return view.items.filter((i) => i.stageId === view.stageId).sort((a, b) => a.createdAt - b.createdAt);
}

/** Whether this is the time to read items out: the read step, or a writing stage without a round. */
export function readingNow(view: SessionView): boolean {
  const stage = STAGES[view.stageIndex]!;
  return view.status === 'open' && stage.items !== undefined && (view.step === 'read' || view.step === null);
}

/** The item the R key reads out: the first unread marked strongest, else the first unread. */
export function nextToRead(view: SessionView): ItemView | null {
  if (!readingNow(view)) return null;
  const unread = stageItems(view).filter((i) => i.readOutAt === null);
  return unread.find((i) => i.strongest) ?? unread[0] ?? null;
}
