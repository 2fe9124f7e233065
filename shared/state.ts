/**
 * The authoritative state of one session, as held by the server and persisted in the store.
 * Clients never see it whole: `projection.ts` cuts a view for each viewer.
 */

import type { MapPart } from './process/map.js';
import type { DurationOverrides, StageId, StepId } from './process/stages.js';
import { STAGES, stageMinutes, stepMinutes } from './process/stages.js';
import { idleTimer, type Timer } from './process/timer.js';
import { type ConsultationRecord, EMPTY_RECORD, type Retention } from './record.js';
import type { Role } from './roles.js';

export type SessionStatus = 'open' | 'ended' | 'purged';

export interface Member {
  id: string;
  role: Role;
  name: string;
  joinedAt: number;
}

export interface Item {
  /** Client-generated id: a retried submission carries the same one and is applied once. */
  id: string;
  authorId: string;
  stageId: StageId;
  kind: string;
  element: string | null;
  text: string;
  strongest: boolean;
  readOutAt: number | null;
  chosen: boolean;
  chosenAt: number | null;
  withdrawn: boolean;
  createdAt: number;
  updatedAt: number;
  /** Arrived after its stage's writing had closed (an offline phone catching up). */
  late: boolean;
  /** A what's-working-well question its writer marked as a relationship question (A6-WW-2). */
  relationship?: boolean;
  /** How many times its writer has changed it (at most LIMITS.editsPerItem). */
  edits?: number;
}

export interface Note {
  id: string;
  authorId: string;
  text: string;
  at: number;
  stageId: StageId;
  /** Private notes: when the one they were sent to saw it (absent in sessions stored before 2026-11-24). */
  seenAt?: number | null;
  /** Exact words an observer or the advisor noted and handed in (A6-DESC-3). */
  fromGroup?: boolean;
  /** The private channel: who the note is for (absent: the facilitator, as before both ways). */
  to?: 'facilitator' | 'advisor';
}

export const RATING_SCALES = ['usefulness', 'harm-mapped', 'safety'] as const;
export type RatingScale = (typeof RATING_SCALES)[number];

/** Every rating is a point on a 0 to 10 scale. */
export const SCALE_POINTS: readonly number[] = Array.from({ length: 11 }, (_, n) => n);

export interface Rating {
  id: string;
  scale: RatingScale;
  value: number;
  /** For the safety scale: whose rating this is ("Mum", "Social worker", ...). */
  keyPlayer: string | null;
  /** For a usefulness check-in: the worker's "most useful so far", in their words. */
  words?: string | null;
  stageId: StageId;
  recordedBy: string;
  at: number;
}

/** Who a private note is for (notes stored before the channel ran both ways were all for the facilitator). */
export function addressee(note: Note): 'facilitator' | 'advisor' {
  return note.to ?? 'facilitator';
}

/** Private notes sent to this role that it has not marked seen yet. */
export function unseenNotesFor(notes: readonly Note[] | undefined, role: 'facilitator' | 'advisor'): Note[] {
  return (notes ?? []).filter((n) => !n.seenAt && addressee(n) === role);
}

/** The worker's safety scale as shaped in the scaling stage (A6-SCALE-5). */
export interface SafetyScale {
  question: string;
  /** What 10 means. */
  ten: string;
  /** What 0 means. */
  zero: string;
}

/** The worker's answers in the review (A6-REV-1 to 4). */
export interface ReviewRecord {
  mostUseful: string;
  /** "Is this enough for now?": null until asked. */
  enough: boolean | null;
  /** What else the worker needs to focus on: the further round's topic. */
  focus: string;
  /** Where the worker is stuck, when the rating is low, and what was agreed. */
  stickingPoint: string;
}

export const EMPTY_REVIEW: ReviewRecord = { mostUseful: '', enough: null, focus: '', stickingPoint: '' };

/** An item or exact-words note the facilitator sent to a part of the map. */
export interface Placement {
  id: string;
  part: MapPart;
  source: { kind: 'item'; itemId: string } | { kind: 'words'; noteId: string };
  at: number;
}

export interface StageVisit {
  stageId: StageId;
  enteredAt: number;
  skipped: boolean;
}

/** A region of the board, in page coordinates. */
export interface BoardFrame {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * What the shared screen shows of the board, the facilitator's choice: it follows the
 * facilitator's view, shows the whole map, or keeps one region ("show this on the screen").
 */
export interface ProjectorBoard {
  mode: 'follow' | 'whole' | 'frame';
  frame: BoardFrame | null;
}

export const DEFAULT_PROJECTOR_BOARD: ProjectorBoard = { mode: 'follow', frame: null };

export interface SessionSettings {
  newToMethod: boolean;
  /** Minutes for stages without a round, or the write step of a round stage. */
  durations: DurationOverrides;
  /** Show authors' names on items outside the facilitator's console and in the pack. */
  attribution: boolean;
  /** Stages run in the words-and-pictures form (absent in sessions stored before 2026-11-24: none). */
  wordsAndPictures?: StageId[];
}

export interface SessionState {
  id: string;
  title: string;
  joinCode: string;
  createdAt: number;
  status: SessionStatus;
  endedAt: number | null;
  /** While locked the join code admits nobody. */
  locked: boolean;
  settings: SessionSettings;
  members: Record<string, Member>;
  stageIndex: number;
  /** Index into the current stage's round, or null for stages without one. */
  stepIndex: number | null;
  /** Which steps of the current stage were skipped (for the pack and the console). */
  skippedSteps: StepId[];
  stageTimer: Timer;
  stepTimer: Timer | null;
  /** Set when the facilitator first starts the clock. */
  startedAt: number | null;
  furthestStageIndex: number;
  visits: StageVisit[];
  items: Record<string, Item>;
  workerGoal: string;
  exactWords: Note[];
  advisorNotes: Note[];
  ratings: Rating[];
  /** When each stage's items were handed over to the caseworker. */
  handedOver: Partial<Record<StageId, number>>;
  /** Advisor may edit the board (issue 5 enforces it on the board endpoint). */
  advisorCanEdit: boolean;
  /** What the shared screen shows of the board (absent in sessions stored before 2026-11-24: the default). */
  projectorBoard?: ProjectorBoard;
  /** Fields below are absent in sessions stored before 2026-11-24; readers use their defaults. */
  safetyScale?: SafetyScale | null;
  review?: ReviewRecord;
  placements?: Placement[];
  /** The record of the consultation: actions, decisions, agreement (absent before 2026-11-25: empty). */
  record?: ConsultationRecord;
  /** How long the session is kept (absent before 2026-11-25: the server's configured default). */
  retention?: Retention;
}

/** The record of the consultation (sessions stored before it existed: an empty one). */
export function consultationRecord(state: SessionState): ConsultationRecord {
  return state.record ?? EMPTY_RECORD;
}

export interface NewSessionInput {
  id: string;
  title: string;
  joinCode: string;
  facilitator: { id: string; name: string };
  newToMethod: boolean;
  durations: DurationOverrides;
  wordsAndPictures?: StageId[];
  /** Days the session is kept after it ends (the server's configuration). */
  retentionDays: number;
}

export function minutesToMs(minutes: number): number {
  return Math.round(minutes * 60_000);
}

const msOrNull = (minutes: number | null) => (minutes === null ? null : minutesToMs(minutes));

/** The stage clock's planned length, or null when it counts up. */
export function plannedStageMs(state: Pick<SessionState, 'settings'>, stageIndex: number): number | null {
  return msOrNull(stageMinutes(STAGES[stageIndex]!, state.settings));
}

/** A step's planned length, or null when the seed gives it none and it counts up. */
export function plannedStepMs(
  state: Pick<SessionState, 'settings'>,
  stageIndex: number,
  stepIndex: number,
): number | null {
  const spec = STAGES[stageIndex]!;
  return msOrNull(stepMinutes(spec, spec.round[stepIndex]!.id, state.settings));
}

export function createSessionState(input: NewSessionInput, now: number): SessionState {
  const settings: SessionSettings = {
    newToMethod: input.newToMethod,
    durations: input.durations,
    attribution: false,
    wordsAndPictures: input.wordsAndPictures ?? [],
  };
  const first = STAGES[0]!;
  return {
    id: input.id,
    title: input.title,
    joinCode: input.joinCode,
    createdAt: now,
    status: 'open',
    endedAt: null,
    locked: false,
    settings,
    members: {
      [input.facilitator.id]: {
        id: input.facilitator.id,
        role: 'facilitator',
        name: input.facilitator.name,
        joinedAt: now,
      },
    },
    stageIndex: 0,
    stepIndex: first.round.length > 0 ? 0 : null,
    skippedSteps: [],
    stageTimer: idleTimer(plannedStageMs({ settings }, 0)),
    stepTimer: first.round.length > 0 ? idleTimer(plannedStepMs({ settings }, 0, 0)) : null,
    startedAt: null,
    furthestStageIndex: 0,
    visits: [{ stageId: first.id, enteredAt: now, skipped: false }],
    items: {},
    workerGoal: '',
    exactWords: [],
    advisorNotes: [],
    ratings: [],
    handedOver: {},
    advisorCanEdit: false,
    projectorBoard: DEFAULT_PROJECTOR_BOARD,
    safetyScale: null,
    review: EMPTY_REVIEW,
    placements: [],
    record: EMPTY_RECORD,
    retention: { days: input.retentionDays, until: null, extensions: [] },
  };
}

/** What the shared screen shows of the board (sessions stored before the setting existed: the default). */
export function projectorBoard(state: SessionState): ProjectorBoard {
  return state.projectorBoard ?? DEFAULT_PROJECTOR_BOARD;
}

export function currentStage(state: SessionState) {
  return STAGES[state.stageIndex]!;
}

export function currentStep(state: SessionState): StepId | null {
  if (state.stepIndex === null) return null;
  return currentStage(state).round[state.stepIndex]?.id ?? null;
}

/** Writing is open in the write step of a round stage, or all through a writing stage without one. */
export function isWritingOpen(state: SessionState): boolean {
  const stage = currentStage(state);
  if (!stage.items || state.status !== 'open') return false;
  if (stage.round.length === 0) return true;
  return currentStep(state) === 'write';
}
