/**
 * What each viewer may see of a session. The server sends nothing else: a field a role must not
 * see is absent from its view, not hidden by the client. A view is two parts: the role's view,
 * shared by every member of that role (broadcast once per change), and the member's own items.
 *
 * - facilitator, advisor: everything, with authors (the console counts items per person).
 *   The advisor's private notes reach only these two.
 * - caseworker: items once read out or handed over, their choices, goal, exact words, ratings.
 * - the record of the consultation (with the case reference): the facilitator and caseworker only.
 * - screen: the public face: stage, timers, join code while joining is open, read-out items.
 * - participant: their own items, and others' items once read out.
 * Authors appear outside the console only when the facilitator has turned attribution on.
 */

import type { StageId, StepId } from './process/stages.js';
import type { Timer } from './process/timer.js';
import { type ConsultationRecord, deletionTime, type Retention } from './record.js';
import type { Role } from './roles.js';
import {
  consultationRecord,
  currentStage,
  currentStep,
  EMPTY_REVIEW,
  type Item,
  isWritingOpen,
  type Note,
  type Placement,
  type ProjectorBoard,
  projectorBoard,
  type Rating,
  type ReviewRecord,
  type SafetyScale,
  type SessionSettings,
  type SessionState,
  type SessionStatus,
  type StageVisit,
} from './state.js';

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
  /** A what's-working-well question marked as a relationship question. */
  relationship: boolean;
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
  /** What the shared screen shows of the board. */
  projectorBoard: ProjectorBoard;
  /** The worker's safety scale once shaped (it is on the board the room sees). */
  safetyScale: SafetyScale | null;
  /** The review's further round: the topic the worker asked for, so every screen can say it. */
  reviewTopic: string;
  /** The screen only: how many items the current stage holds so far (never their content). */
  writtenCount?: number;
  /** The console only: when each stage was entered, for the agenda's elapsed times. */
  visits?: StageVisit[];
  exactWords?: Note[];
  ratings?: Rating[];
  advisorNotes?: Note[];
  /** The worker's answers in the review: the console and the caseworker. */
  review?: ReviewRecord;
  /** What the facilitator sent to the map's parts: the console only. */
  placements?: Placement[];
  /**
   * The record of the consultation: the facilitator and the caseworker only, the two parties who
   * agree it. It holds the case reference, which never reaches the room's screens or phones (REC-3).
   */
  record?: ConsultationRecord;
  /** How long the session is kept: the two parties only (absent for sessions stored before it was data). */
  retention?: Retention;
}

/**
 * When the session will be deleted, as its two parties' screens show it (REC-7): once it has
 * ended; before that, and for the views that carry no retention, null.
 */
export function viewDeletionTime(view: SessionView): number | null {
  if (!view.retention || view.status !== 'ended' || view.endedAt === null) return null;
  return deletionTime(view.retention, view, view.endedAt);
}

/** The two parties to the record: they alone see it, the case reference with it (REC-3). */
export function keepsRecord(role: Role): boolean {
  return role === 'facilitator' || role === 'caseworker';
}

function seesEverything(role: Role): boolean {
  return role === 'facilitator' || role === 'advisor';
}

/** Items every member of a role sees, whoever wrote them. */
export function visibleToRole(item: Item, role: Role, state: SessionState): boolean {
  if (item.withdrawn) return false;
  if (seesEverything(role)) return true;
  if (item.readOutAt !== null) return true;
  return role === 'caseworker' && state.handedOver[item.stageId] !== undefined;
}

export function itemView(item: Item, role: Role, state: SessionState, mine: boolean): ItemView {
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
    relationship: item.relationship === true,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
  if (mine || seesEverything(role) || state.settings.attribution) {
    view.authorId = item.authorId;
    view.authorName = state.members[item.authorId]?.name ?? 'Former member';
  }
  return view;
}

/**
 * What every member of a role sees: identical for all of them, so the server computes and encodes
 * it once per role and broadcasts it. Nobody's own unread items are in it ("mine" is always false).
 */
export function projectRole(state: SessionState, role: Role): SessionView {
  return { ...projectBase(state, role), items: visibleItems(state, role) };
}

function visibleItems(state: SessionState, role: Role): ItemView[] {
  return Object.values(state.items)
    .filter((item) => visibleToRole(item, role, state))
    .map((item) => itemView(item, role, state, false));
}

/** A role's view without its items (which diffRole sends one by one). */
export function projectBase(state: SessionState, role: Role): Omit<SessionView, 'items'> {
  const joinOpen = state.status === 'open' && !state.locked;
  const view: Omit<SessionView, 'items'> = {
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
    workerGoal: state.workerGoal,
    handedOver: state.handedOver,
    advisorCanEdit: state.advisorCanEdit,
    projectorBoard: projectorBoard(state),
    safetyScale: state.safetyScale ?? null,
    reviewTopic: state.review?.focus ?? '',
  };
  if (role === 'screen') {
    const stageId = currentStage(state).id;
    let written = 0;
    for (const id in state.items) if (state.items[id]!.stageId === stageId && !state.items[id]!.withdrawn) written++;
    view.writtenCount = written;
  }
  if (seesEverything(role)) view.visits = state.visits;
  if (seesEverything(role) || role === 'caseworker') {
    view.exactWords = state.exactWords;
    view.ratings = state.ratings;
  }
  if (seesEverything(role)) {
    view.advisorNotes = state.advisorNotes;
    view.placements = state.placements ?? [];
  }
  if (seesEverything(role) || role === 'caseworker') view.review = state.review ?? EMPTY_REVIEW;
  if (keepsRecord(role)) {
    view.record = consultationRecord(state);
    if (state.retention) view.retention = state.retention;
  }
  return view;
}

/**
 * A role view's changes since the view a client holds (made by the server's publisher,
 * server/realtime/publisher.ts): the items that changed or went, and the rest of the view only
 * when it changed.
 */
export interface RolePatch {
  /** The view without items; absent when it is the same as at baseSeq (most changes touch only items). */
  base?: Omit<SessionView, 'items'>;
  upserts: ItemView[];
  removes: string[];
}

/** Applies a patch to the role view it was made against. */
export function applyRolePatch(view: SessionView, patch: RolePatch): SessionView {
  const { items: _held, ...heldBase } = view;
  const removed = new Set(patch.removes);
  const changed = new Map(patch.upserts.map((i) => [i.id, i]));
  const items = view.items.filter((i) => !removed.has(i.id)).map((i) => changed.get(i.id) ?? i);
  const known = new Set(items.map((i) => i.id));
  for (const item of patch.upserts) if (!known.has(item.id)) items.push(item);
  return { ...(patch.base ?? heldBase), items };
}

/** One member's own items (withdrawn ones excepted), sent to that member alone. */
export function projectOwn(state: SessionState, viewer: Viewer): ItemView[] {
  return Object.values(state.items)
    .filter((item) => item.authorId === viewer.memberId && !item.withdrawn)
    .map((item) => itemView(item, viewer.role, state, true));
}

/** A role view with one member's own items laid over it: what that member's screen shows. */
export function mergeOwn(view: SessionView, own: ItemView[]): SessionView {
  const ownIds = new Set(own.map((i) => i.id));
  return { ...view, items: [...view.items.filter((i) => !ownIds.has(i.id)), ...own] };
}

/** Everything one viewer may see: their role's view and their own items. */
export function project(state: SessionState, viewer: Viewer): SessionView {
  return mergeOwn(projectRole(state, viewer.role), projectOwn(state, viewer));
}
