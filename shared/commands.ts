/**
 * Every command a client may send over the socket, as zod schemas. The server parses each
 * message with `ClientCommand` before anything else; nothing unparsed reaches the machine.
 * Objects are strict: unknown keys (including `__proto__` and `constructor`) are refused.
 */
import { z } from 'zod';
import { LIMITS } from './limits.js';
import { MAP_PARTS } from './process/map.js';
import { STAGE_IDS } from './process/stages.js';
import { GOAL_MET_ANSWERS, isIsoDate } from './record.js';
import { cleanText, type TextKind } from './safeInput.js';
import { RATING_SCALES } from './state.js';

/** Client-generated ids (commands, items, notes): URL-safe, bounded. */
export const ClientId = z
  .string()
  .min(8)
  .max(LIMITS.clientIdChars)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are 8-64 characters of A-Z, a-z, 0-9, _ and -')
  // Ids become keys of plain objects (items, notes): never a name Object.prototype already has.
  .refine((s) => !(s in Object.prototype), 'that id is reserved');

/**
 * Free text from a person: cleaned by the one rule every field shares (cleanText), then required
 * and capped. `line` for names, titles and references, which never hold a line break.
 */
export function text(max: number, kind: TextKind = 'lines') {
  return freeText(max, kind).min(1, 'text is empty');
}

/** The same rule for a field that may be left empty (clearing it). */
function freeText(max: number, kind: TextKind = 'lines') {
  return z
    .string()
    .overwrite((s) => cleanText(s, kind))
    .max(max, `text is longer than ${max} characters`);
}

export const StageIdSchema = z.enum(STAGE_IDS);

function command<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({ type: z.literal(type), id: ClientId, ...shape });
}

export const TimerStart = command('timer.start', {});
export const TimerPause = command('timer.pause', {});
export const TimerResume = command('timer.resume', {});
export const TimerExtend = command('timer.extend', {
  scope: z.enum(['stage', 'step']),
  /** Whole or half minutes; negative shortens. */
  minutes: z
    .number()
    .min(-60)
    .max(60)
    .refine((m) => m !== 0 && Number.isInteger(m * 2), 'minutes must be a non-zero multiple of 0.5'),
});
export const StageAdvance = command('stage.advance', {});
export const StageSkip = command('stage.skip', {});
export const StageBack = command('stage.back', {});
/** Jumps to any stage, forward or back (the agenda). */
export const StageGoTo = command('stage.goTo', { stageId: StageIdSchema });
export const StepAdvance = command('step.advance', {});
export const StepSkip = command('step.skip', {});
export const StepBack = command('step.back', {});

export const GoalSet = command('goal.set', { text: freeText(LIMITS.goalChars) });
export const ExactWordsAdd = command('exactWords.add', { noteId: ClientId, text: text(LIMITS.noteChars) });
export const ExactWordsRemove = command('exactWords.remove', { noteId: ClientId });
/** An observer or the advisor hands in a note of the worker's exact words from their private notepad. */
export const ExactWordsHandIn = command('exactWords.handIn', { noteId: ClientId, text: text(LIMITS.noteChars) });

export const ItemSubmit = command('item.submit', {
  itemId: ClientId,
  stageId: StageIdSchema,
  text: text(LIMITS.itemChars),
  element: z.string().max(20).nullable().default(null),
  /** Only what's-working-well questions carry it. */
  relationship: z.boolean().default(false),
});
export const ItemEdit = command('item.edit', {
  itemId: ClientId,
  text: text(LIMITS.itemChars),
  element: z.string().max(20).nullable().optional(),
  relationship: z.boolean().optional(),
});
export const ItemWithdraw = command('item.withdraw', { itemId: ClientId });
export const ItemMarkStrongest = command('item.markStrongest', { itemId: ClientId, strongest: z.boolean() });
export const ItemReadOut = command('item.readOut', { itemId: ClientId, read: z.boolean().default(true) });
export const ItemChoose = command('item.choose', { itemId: ClientId, chosen: z.boolean() });
export const StageHandOver = command('stage.handOver', {});

export const RatingRecord = command('rating.record', {
  ratingId: ClientId,
  scale: z.enum(RATING_SCALES),
  value: z.int().min(0).max(10),
  keyPlayer: text(LIMITS.keyPlayerChars, 'line').nullable().default(null),
  /** A usefulness check-in: the worker's "most useful so far", in their words. */
  words: text(LIMITS.noteChars).nullable().default(null),
});

/** The worker's safety scale: the question as it will be asked, and what 10 and 0 mean. */
export const SafetyScaleSet = command('safetyScale.set', {
  question: text(LIMITS.scaleChars),
  ten: text(LIMITS.scaleChars),
  zero: text(LIMITS.scaleChars),
});

/** The worker's answers in the review; fields left out keep their value. */
export const ReviewSet = command('review.set', {
  mostUseful: freeText(LIMITS.noteChars).optional(),
  enough: z.boolean().nullable().optional(),
  focus: freeText(LIMITS.reviewTopicChars, 'line').optional(),
  stickingPoint: freeText(LIMITS.noteChars).optional(),
});

/** Sends an item or an exact-words note to a part of the map. */
export const MapPlace = command('map.place', {
  placementId: ClientId,
  part: z.enum(MAP_PARTS),
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('item'), itemId: ClientId }),
    z.strictObject({ kind: z.literal('words'), noteId: ClientId }),
  ]),
});
export const MapRemove = command('map.remove', { placementId: ClientId });

/** Optional free text: trimmed, capped, may be empty (clears the field). */
function optionalText(max: number, kind: TextKind = 'lines') {
  return z.union([z.literal(''), text(max, kind)]);
}

/** The record's own fields (REC-3, REC-4); fields left out keep their value. */
export const RecordSetDetails = command('record.setDetails', {
  caseReference: optionalText(LIMITS.caseReferenceChars, 'line').optional(),
  goalMet: z.enum(GOAL_MET_ANSWERS).nullable().optional(),
  goalMetWords: optionalText(LIMITS.noteChars).optional(),
});

/** Adds or rewrites one SMART action (REC-1): what, who leads it, by when. */
export const ActionSet = command('action.set', {
  actionId: ClientId,
  text: text(LIMITS.actionChars),
  owner: text(LIMITS.ownerChars, 'line'),
  due: z.string().refine(isIsoDate, 'the due date is a calendar date written YYYY-MM-DD'),
  /** The chosen next step it came from. */
  itemId: ClientId.nullable().default(null),
});
export const ActionRemove = command('action.remove', { actionId: ClientId });

/** Adds or rewrites one decision with its rationale and any disagreement (REC-2). */
export const DecisionSet = command('decision.set', {
  decisionId: ClientId,
  decision: text(LIMITS.decisionChars),
  rationale: text(LIMITS.decisionChars),
  disagreement: optionalText(LIMITS.decisionChars).default(''),
});
export const DecisionRemove = command('decision.remove', { decisionId: ClientId });

/** The facilitator or the caseworker agrees the record, typing their name (REC-6). */
export const RecordAgree = command('record.agree', { name: text(LIMITS.nameChars, 'line') });
/** Something added after agreement: shown as a later addition with its time and who added it (REC-6). */
export const RecordAddition = command('record.addition', { additionId: ClientId, text: text(LIMITS.noteChars) });
/** Keeps the session longer once the record is agreed (REC-7); the audit trail records it. */
export const RetentionExtend = command('retention.extend', { days: z.int().min(1).max(90) });

/** The private channel, both ways: the advisor writes to the facilitator, the facilitator to the advisor. */
export const AdvisorNoteSend = command('advisorNote.send', { noteId: ClientId, text: text(LIMITS.advisorNoteChars) });
/** The one a private note was for has seen it (its sender sees that). */
export const AdvisorNoteSeen = command('advisorNote.seen', { noteId: ClientId });

/** A coordinate on the board: finite, and within what any board could reach. */
const boardCoordinate = z.number().finite().min(-1e6).max(1e6);
export const ProjectorSetBoard = command('projector.setBoard', {
  mode: z.enum(['follow', 'whole', 'frame']),
  frame: z
    .strictObject({
      x: boardCoordinate,
      y: boardCoordinate,
      w: z.number().positive().max(1e6),
      h: z.number().positive().max(1e6),
    })
    .nullable()
    .default(null),
});

export const SessionSetAttribution = command('session.setAttribution', { on: z.boolean() });
export const SessionSetAdvisorEditing = command('session.setAdvisorEditing', { on: z.boolean() });
/** Runs a stage in the words-and-pictures form (A6-DANGER-2, A6-SG-2). */
export const SessionSetWordsAndPictures = command('session.setWordsAndPictures', {
  stageId: z.enum(['danger', 'safety-goals']),
  on: z.boolean(),
});
export const SessionLock = command('session.lock', { locked: z.boolean() });
/** The facilitator removes someone (who should not be there, or a lost phone): their token dies at once. */
export const MemberRemove = command('member.remove', { memberId: ClientId });
export const SessionEnd = command('session.end', {});
export const SessionPurge = command('session.purge', {});

/** Everything a connected client may send. Kept in one list so the permission table can be exhaustive. */
export const ClientCommand = z.discriminatedUnion('type', [
  TimerStart,
  TimerPause,
  TimerResume,
  TimerExtend,
  StageAdvance,
  StageSkip,
  StageBack,
  StageGoTo,
  StepAdvance,
  StepSkip,
  StepBack,
  GoalSet,
  ExactWordsAdd,
  ExactWordsRemove,
  ExactWordsHandIn,
  ItemSubmit,
  ItemEdit,
  ItemWithdraw,
  ItemMarkStrongest,
  ItemReadOut,
  ItemChoose,
  StageHandOver,
  RatingRecord,
  SafetyScaleSet,
  ReviewSet,
  MapPlace,
  MapRemove,
  AdvisorNoteSend,
  AdvisorNoteSeen,
  RecordSetDetails,
  ActionSet,
  ActionRemove,
  DecisionSet,
  DecisionRemove,
  RecordAgree,
  RecordAddition,
  RetentionExtend,
  ProjectorSetBoard,
  SessionSetAttribution,
  SessionSetAdvisorEditing,
  SessionSetWordsAndPictures,
  SessionLock,
  MemberRemove,
  SessionEnd,
  SessionPurge,
]);
export type ClientCommand = z.infer<typeof ClientCommand>;
export type ClientCommandInput = z.input<typeof ClientCommand>;
export type CommandType = ClientCommand['type'];
export type CommandOf<T extends CommandType> = Extract<ClientCommand, { type: T }>;

export const COMMAND_TYPES = ClientCommand.options.map((o) => o.shape.type.value) as CommandType[];

/** Applied by the server itself, never accepted from a socket. */
export const MemberJoin = z.strictObject({
  type: z.literal('member.join'),
  id: ClientId,
  memberId: ClientId,
  role: z.enum(['advisor', 'caseworker', 'participant', 'screen']),
  name: text(LIMITS.nameChars, 'line'),
});
export type MemberJoin = z.infer<typeof MemberJoin>;

export type AnyCommand = ClientCommand | MemberJoin;
