/** Membership and the session's own switches: attribution, lock, end, purge. */
import type { CommandOf, MemberJoin } from '../../commands.js';
import { fail } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { currentStage, currentStep, plannedStepMs, projectorBoard, type SessionState } from '../../state.js';
import type { Handler } from '../context.js';
import { handOverEverything } from './items.js';
import { stopClocks } from './timeline.js';

export const memberJoin: Handler<MemberJoin> = (state, cmd, ctx) => {
  if (ctx.actor.kind !== 'system') return fail('FORBIDDEN', 'members join through an invitation or the join code');
  if (state.members[cmd.memberId]) return state;
  const members = Object.values(state.members);
  if (members.length >= LIMITS.members) return fail('LIMIT', 'this session is full');
  if (cmd.role === 'participant' && state.locked) return fail('CLOSED', 'the facilitator has locked this session');
  if (cmd.role === 'participant' && members.filter((m) => m.role === 'participant').length >= LIMITS.participants)
    return fail('LIMIT', 'this session is full: ask the facilitator');
  const member = { id: cmd.memberId, role: cmd.role, name: cmd.name, joinedAt: ctx.now };
  return { ...state, members: { ...state.members, [member.id]: member } };
};

/**
 * The member leaves the session: their token no longer authenticates (the server also deletes it
 * and closes their connections). What they wrote stays, as the group heard it, by "Former member".
 */
export const memberRemove: Handler<CommandOf<'member.remove'>> = (state, cmd) => {
  const member = state.members[cmd.memberId];
  if (!member) return fail('NOT_FOUND', 'no such member: they may have been removed already');
  if (member.role === 'facilitator') return fail('FORBIDDEN', 'the facilitator cannot be removed');
  const { [cmd.memberId]: _removed, ...members } = state.members;
  return { ...state, members };
};

export const setAttribution: Handler<CommandOf<'session.setAttribution'>> = (state, cmd) =>
  state.settings.attribution === cmd.on ? state : { ...state, settings: { ...state.settings, attribution: cmd.on } };

/**
 * A6-DANGER-2, A6-SG-2: the words-and-pictures form takes longer to write. Switched on during that
 * stage's write step, the running countdown takes the longer length at once.
 */
export const setWordsAndPictures: Handler<CommandOf<'session.setWordsAndPictures'>> = (state, cmd) => {
  const current = state.settings.wordsAndPictures ?? [];
  if (current.includes(cmd.stageId) === cmd.on) return state;
  const wordsAndPictures = cmd.on ? [...current, cmd.stageId] : current.filter((s) => s !== cmd.stageId);
  const next = { ...state, settings: { ...state.settings, wordsAndPictures } };
  if (currentStage(state).id !== cmd.stageId || currentStep(state) !== 'write' || !state.stepTimer) return next;
  return { ...next, stepTimer: { ...state.stepTimer, plannedMs: plannedStepMs(next, state.stageIndex, 0) } };
};

export const setAdvisorEditing: Handler<CommandOf<'session.setAdvisorEditing'>> = (state, cmd) =>
  state.advisorCanEdit === cmd.on ? state : { ...state, advisorCanEdit: cmd.on };

/** What the shared screen shows of the board; a frame goes with 'frame' and only with it. */
export const projectorSetBoard: Handler<CommandOf<'projector.setBoard'>> = (state, cmd) => {
  if ((cmd.mode === 'frame') !== (cmd.frame !== null))
    return fail('INVALID', "a frame goes with the 'frame' mode, and only with it");
  const current = projectorBoard(state);
  if (current.mode === cmd.mode && JSON.stringify(current.frame) === JSON.stringify(cmd.frame)) return state;
  return { ...state, projectorBoard: { mode: cmd.mode, frame: cmd.frame } };
};

export const lock: Handler<CommandOf<'session.lock'>> = (state, cmd) =>
  state.locked === cmd.locked ? state : { ...state, locked: cmd.locked };

export const end: Handler<CommandOf<'session.end'>> = (state, _cmd, { now }) => {
  const stopped = stopClocks(handOverEverything(state, now), now);
  return { ...stopped, status: 'ended', endedAt: now, locked: true };
};

/** Everything the group wrote goes; the server then deletes the session from the store. */
export const purge: Handler<CommandOf<'session.purge'>> = (state: SessionState) => ({
  ...state,
  title: '',
  status: 'purged',
  items: {},
  workerGoal: '',
  exactWords: [],
  advisorNotes: [],
  ratings: [],
  members: {},
  safetyScale: null,
  review: undefined,
  placements: [],
  record: undefined,
});
