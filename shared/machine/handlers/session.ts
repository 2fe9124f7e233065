/** Membership and the session's own switches: attribution, lock, end, purge. */
import type { CommandOf, MemberJoin } from '../../commands.js';
import { fail } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { projectorBoard, type SessionState } from '../../state.js';
import type { Handler } from '../context.js';
import { handOverEverything } from './items.js';
import { stopClocks } from './timeline.js';

export const memberJoin: Handler<MemberJoin> = (state, cmd, ctx) => {
  if (ctx.actor.kind !== 'system') return fail('FORBIDDEN', 'members join through an invitation or the join code');
  if (state.members[cmd.memberId]) return state;
  if (Object.keys(state.members).length >= LIMITS.members) return fail('LIMIT', 'this session is full');
  if (cmd.role === 'participant' && state.locked) return fail('CLOSED', 'the facilitator has locked this session');
  const member = { id: cmd.memberId, role: cmd.role, name: cmd.name, joinedAt: ctx.now };
  return { ...state, members: { ...state.members, [member.id]: member } };
};

export const setAttribution: Handler<CommandOf<'session.setAttribution'>> = (state, cmd) =>
  state.settings.attribution === cmd.on ? state : { ...state, settings: { ...state.settings, attribution: cmd.on } };

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
});
