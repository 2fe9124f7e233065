/** What the facilitator records (goal, exact words, ratings) and the advisor's private channel. */
import type { CommandOf } from '../../commands.js';
import { fail } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { stageIndex } from '../../process/stages.js';
import { addressee, currentStage, EMPTY_REVIEW, type Note, type SessionState } from '../../state.js';
import { actorId, type Context, type Handler, withFieldsSet } from '../context.js';

export const goalSet: Handler<CommandOf<'goal.set'>> = (state, cmd) =>
  state.workerGoal === cmd.text ? state : { ...state, workerGoal: cmd.text };

function note(state: SessionState, id: string, text: string, ctx: Context): Note {
  return { id, authorId: actorId(ctx), text, at: ctx.now, stageId: currentStage(state).id };
}

/** A note id already present is a retry: applied once. */
function appendNote(list: Note[], fresh: Note, cap: number): Note[] | null {
  const existing = list.find((n) => n.id === fresh.id);
  if (existing) {
    if (existing.authorId !== fresh.authorId) fail('CONFLICT', 'that note id is already in use');
    return null;
  }
  if (list.length >= cap) fail('LIMIT', 'there are too many notes in this session');
  return [...list, fresh];
}

export const exactWordsAdd: Handler<CommandOf<'exactWords.add'>> = (state, cmd, ctx) => {
  const exactWords = appendNote(state.exactWords, note(state, cmd.noteId, cmd.text, ctx), LIMITS.exactWordsNotes);
  return exactWords ? { ...state, exactWords } : state;
};

/** A6-DESC-3: observers and the advisor note the worker's words too; what they hand in joins the record. */
export const exactWordsHandIn: Handler<CommandOf<'exactWords.handIn'>> = (state, cmd, ctx) => {
  if (state.stageIndex < stageIndex('description'))
    return fail('WRONG_STAGE', "the worker's exact words are noted from the free description on");
  const fresh = { ...note(state, cmd.noteId, cmd.text, ctx), fromGroup: true };
  const exactWords = appendNote(state.exactWords, fresh, LIMITS.exactWordsNotes);
  return exactWords ? { ...state, exactWords } : state;
};

export const exactWordsRemove: Handler<CommandOf<'exactWords.remove'>> = (state, cmd) => {
  if (!state.exactWords.some((n) => n.id === cmd.noteId)) return state; // already gone: idempotent
  return { ...state, exactWords: state.exactWords.filter((n) => n.id !== cmd.noteId) };
};

/** A6-ADV-1: the advisor checks in with the facilitator, and the facilitator draws on the advisor. */
export const advisorNoteSend: Handler<CommandOf<'advisorNote.send'>> = (state, cmd, ctx) => {
  const to = ctx.actor.kind === 'member' && ctx.actor.role === 'facilitator' ? 'advisor' : 'facilitator';
  const fresh: Note = { ...note(state, cmd.noteId, cmd.text, ctx), to };
  const advisorNotes = appendNote(state.advisorNotes, fresh, LIMITS.advisorNotes);
  return advisorNotes ? { ...state, advisorNotes } : state;
};

export const advisorNoteSeen: Handler<CommandOf<'advisorNote.seen'>> = (state, cmd, ctx) => {
  const seen = state.advisorNotes.find((n) => n.id === cmd.noteId);
  const role = ctx.actor.kind === 'member' ? ctx.actor.role : null;
  if (!seen || addressee(seen) !== role) return fail('NOT_FOUND', 'no such note sent to you');
  if (seen.seenAt) return state; // seen already: a retry or a second screen
  return { ...state, advisorNotes: state.advisorNotes.map((n) => (n === seen ? { ...n, seenAt: ctx.now } : n)) };
};

export const ratingRecord: Handler<CommandOf<'rating.record'>> = (state, cmd, ctx) => {
  const recordedBy = actorId(ctx);
  const existing = state.ratings.find((r) => r.id === cmd.ratingId);
  if (existing) {
    if (existing.recordedBy !== recordedBy) return fail('CONFLICT', 'that rating id is already in use');
    return state;
  }
  if (cmd.scale === 'safety' && cmd.keyPlayer === null)
    return fail('INVALID', 'a safety-scale rating names its key player');
  if (cmd.scale !== 'safety' && cmd.keyPlayer !== null)
    return fail('INVALID', 'only safety-scale ratings name a key player');
  if (cmd.scale !== 'usefulness' && cmd.words !== null)
    return fail('INVALID', "only a usefulness check-in records the worker's words");
  // A6-HARM-4: "how well is past harm mapped" is asked in the harm stage, and only there.
  if (cmd.scale === 'harm-mapped' && currentStage(state).id !== 'harm')
    return fail('WRONG_STAGE', 'how well past harm is mapped is rated in the harm stage');
  // A6-SCALE-6: key players rate the safety scale once it has been shaped, from the scaling stage on.
  if (cmd.scale === 'safety' && state.stageIndex < stageIndex('scaling'))
    return fail('WRONG_STAGE', 'the safety scale is shaped and rated from the scaling stage on');
  if (state.ratings.length >= LIMITS.ratings) return fail('LIMIT', 'there are too many ratings in this session');
  const rating = {
    id: cmd.ratingId,
    scale: cmd.scale,
    value: cmd.value,
    keyPlayer: cmd.keyPlayer,
    ...(cmd.words !== null ? { words: cmd.words } : {}),
    stageId: currentStage(state).id,
    recordedBy,
    at: ctx.now,
  };
  return { ...state, ratings: [...state.ratings, rating] };
};

/** A6-SCALE-5: the worker's ideal safety scale, shaped from the group's offerings. */
export const safetyScaleSet: Handler<CommandOf<'safetyScale.set'>> = (state, cmd) => {
  if (state.stageIndex < stageIndex('scaling'))
    return fail('WRONG_STAGE', 'the safety scale is shaped from the scaling stage on');
  const scale = { question: cmd.question, ten: cmd.ten, zero: cmd.zero };
  if (JSON.stringify(state.safetyScale ?? null) === JSON.stringify(scale)) return state;
  return { ...state, safetyScale: scale };
};

/** A6-REV-1 to 4: the worker's answers in the review, field by field. */
export const reviewSet: Handler<CommandOf<'review.set'>> = (state, cmd) => {
  if (state.stageIndex < stageIndex('review')) return fail('WRONG_STAGE', 'the review has not started');
  const next = withFieldsSet(state.review ?? EMPTY_REVIEW, cmd);
  return next === null ? state : { ...state, review: next };
};
