/**
 * What each viewer may see of a session. The server sends nothing else: a field a role must not
 * see is absent from its view, not hidden by the client.
 *
 * - facilitator, advisor: everything, with authors (the console counts items per person).
 *   The advisor's private notes reach only these two.
 * - caseworker: items once read out or handed over, their choices, goal, exact words, ratings.
 * - screen: the public face: stage, timers, join code while joining is open, read-out items.
 * - participant: their own items, and others' items once read out.
 * Authors appear outside the console only when the facilitator has turned attribution on.
 */
import type { Role } from './roles.js';
import type { StageId, StepId } from './process/stages.js';
import type { Timer } from './process/timer.js';
import { currentStage, currentStep, isWritingOpen, type Item, type Note, type Rating, type SessionState, type SessionSettings, type SessionStatus } from './state.js';

export interface Viewer {
  memberId: string;
  role: Role;
}

export interface ItemView {
  id: string;
  stageId: StageId;
  kind: string;
  element: string | null;
  text: string;
  mine: boolean;
  /** Present only for the facilitator and advisor, for one's own items, or with attribution on. */
  authorId?: string;
  authorName?: string;
  strongest: boolean;
  readOutAt: number | null;
  chosen: boolean;
  chosenAt: number | null;
  late: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface MemberView {
  id: string;
  name: string;
  role: Role;
}

export interface SessionView {
  sessionId: string;
  title: string;
  status: SessionStatus;
  locked: boolean;
  settings: SessionSettings;
  stageIndex: number;
  stageId: StageId;
  step: StepId | null;
  skippedSteps: StepId[];
  writingOpen: boolean;
  stageTimer: Timer;
  stepTimer: Timer | null;
  startedAt: number | null;
  endedAt: number | null;
  /** Shown while people can still join; null once locked or ended. */
  joinCode: string | null;
  members: MemberView[];
  items: ItemView[];
  workerGoal: string;
  handedOver: Partial<Record<StageId, number>>;
  advisorCanEdit: boolean;
  exactWords?: Note[];
  ratings?: Rating[];
  advisorNotes?: Note[];
}

function seesEverything(role: Role): boolean {
  return role === 'facilitator' || role === 'advisor';
}

function itemVisible(item: Item, viewer: Viewer, state: SessionState): boolean {
  if (item.withdrawn) return false;
  if (seesEverything(viewer.role)) return true;
  if (item.authorId === viewer.memberId) return true;
  if (item.readOutAt !== null) return true;
  return viewer.role === 'caseworker' && state.handedOver[item.stageId] !== undefined;
}

function itemView(item: Item, viewer: Viewer, state: SessionState): ItemView {
  const mine = item.authorId === viewer.memberId;
  const view: ItemView = {
    id: item.id,
    stageId: item.stageId,
    kind: item.kind,
    element: item.element,
    text: item.text,
    mine,
    strongest: item.strongest,
    readOutAt: item.readOutAt,
    chosen: item.chosen,
    chosenAt: item.chosenAt,
    late: item.late,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
  if (mine || seesEverything(viewer.role) || state.settings.attribution) {
    view.authorId = item.authorId;
    view.authorName = state.members[item.authorId]?.name ?? 'Former member';
  }
  return view;
}

export function project(state: SessionState, viewer: Viewer): SessionView {
  const role = viewer.role;
  const joinOpen = state.status === 'open' && !state.locked;
  const view: SessionView = {
    sessionId: state.id,
    title: state.title,
    status: state.status,
    locked: state.locked,
    settings: state.settings,
    stageIndex: state.stageIndex,
    stageId: currentStage(state).id,
    step: currentStep(state),
    skippedSteps: state.skippedSteps,
    writingOpen: isWritingOpen(state),
    stageTimer: state.stageTimer,
    stepTimer: state.stepTimer,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    joinCode: joinOpen && role !== 'participant' && role !== 'caseworker' ? state.joinCode : null,
    members: Object.values(state.members).map((m) => ({ id: m.id, name: m.name, role: m.role })),
    items: Object.values(state.items)
      .filter((item) => itemVisible(item, viewer, state))
      .map((item) => itemView(item, viewer, state)),
    workerGoal: state.workerGoal,
    handedOver: state.handedOver,
    advisorCanEdit: state.advisorCanEdit,
  };
  if (seesEverything(role) || role === 'caseworker') {
    view.exactWords = state.exactWords;
    view.ratings = state.ratings;
  }
  if (seesEverything(role)) view.advisorNotes = state.advisorNotes;
  return view;
}

/**
 * Viewers who see the same thing share one projection. Screens never own anything, so all of a
 * session's screens share one; everyone else may have items of their own ("mine").
 */
export function viewKey(viewer: Viewer): string {
  return viewer.role === 'screen' ? 'screen' : `member:${viewer.memberId}`;
}
