/** What the facilitator records (goal, exact words, ratings) and the advisor's private channel. */
import type { CommandOf } from '../../commands.js';
import { fail } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { currentStage, type Note, type SessionState } from '../../state.js';
import { actorId, type Context, type Handler } from '../context.js';

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

export const exactWordsRemove: Handler<CommandOf<'exactWords.remove'>> = (state, cmd) => {
  if (!state.exactWords.some((n) => n.id === cmd.noteId)) return state; // already gone: idempotent
  return { ...state, exactWords: state.exactWords.filter((n) => n.id !== cmd.noteId) };
};

export const advisorNoteSend: Handler<CommandOf<'advisorNote.send'>> = (state, cmd, ctx) => {
  const advisorNotes = appendNote(state.advisorNotes, note(state, cmd.noteId, cmd.text, ctx), LIMITS.advisorNotes);
  return advisorNotes ? { ...state, advisorNotes } : state;
};

export const advisorNoteSeen: Handler<CommandOf<'advisorNote.seen'>> = (state, cmd, ctx) => {
  const seen = state.advisorNotes.find((n) => n.id === cmd.noteId);
  if (!seen) return fail('NOT_FOUND', 'no such note from the advisor');
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
  if (state.ratings.length >= LIMITS.ratings) return fail('LIMIT', 'there are too many ratings in this session');
  const rating = {
    id: cmd.ratingId,
    scale: cmd.scale,
    value: cmd.value,
    keyPlayer: cmd.keyPlayer,
    stageId: currentStage(state).id,
    recordedBy,
    at: ctx.now,
  };
  return { ...state, ratings: [...state.ratings, rating] };
};
