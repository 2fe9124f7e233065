/**
 * The process machine: a pure function (state, command, actor, now) -> new state or a typed error.
 * The server calls it for every command; the store replays the log through it on restart, so it
 * must stay deterministic: no clocks, no randomness, no I/O. A command that changes nothing
 * (a retry) returns the same state object, and the server then neither logs nor broadcasts.
 */
import type { AnyCommand, ClientCommand, CommandType } from '../commands.js';
import { type CommandError, MachineError } from '../errors.js';
import { checkPermission } from '../permissions.js';
import type { Actor } from '../roles.js';
import type { SessionState } from '../state.js';
import type { Context, Handler } from './context.js';
import * as items from './handlers/items.js';
import * as map from './handlers/map.js';
import * as notes from './handlers/notes.js';
import * as record from './handlers/record.js';
import * as session from './handlers/session.js';
import * as timeline from './handlers/timeline.js';

type Handlers = { [T in CommandType]: Handler<Extract<ClientCommand, { type: T }>> };

const HANDLERS: Handlers = {
  'timer.start': timeline.timerStart,
  'timer.pause': timeline.timerPause,
  'timer.resume': timeline.timerResume,
  'timer.extend': timeline.timerExtend,
  'stage.advance': timeline.stageAdvance,
  'stage.skip': timeline.stageSkip,
  'stage.back': timeline.stageBack,
  'stage.goTo': timeline.stageGoTo,
  'step.advance': timeline.stepAdvance,
  'step.skip': timeline.stepSkip,
  'step.back': timeline.stepBack,
  'goal.set': notes.goalSet,
  'exactWords.add': notes.exactWordsAdd,
  'exactWords.remove': notes.exactWordsRemove,
  'exactWords.handIn': notes.exactWordsHandIn,
  'advisorNote.send': notes.advisorNoteSend,
  'advisorNote.seen': notes.advisorNoteSeen,
  'projector.setBoard': session.projectorSetBoard,
  'rating.record': notes.ratingRecord,
  'safetyScale.set': notes.safetyScaleSet,
  'review.set': notes.reviewSet,
  'record.setDetails': record.setDetails,
  'action.set': record.actionSet,
  'action.remove': record.actionRemove,
  'decision.set': record.decisionSet,
  'decision.remove': record.decisionRemove,
  'record.agree': record.agree,
  'record.addition': record.addition,
  'retention.extend': record.retentionExtend,
  'map.place': map.mapPlace,
  'map.remove': map.mapRemove,
  'item.submit': items.itemSubmit,
  'item.edit': items.itemEdit,
  'item.withdraw': items.itemWithdraw,
  'item.markStrongest': items.itemMarkStrongest,
  'item.readOut': items.itemReadOut,
  'item.choose': items.itemChoose,
  'stage.handOver': items.stageHandOver,
  'session.setAttribution': session.setAttribution,
  'session.setAdvisorEditing': session.setAdvisorEditing,
  'session.setWordsAndPictures': session.setWordsAndPictures,
  'session.lock': session.lock,
  'member.remove': session.memberRemove,
  'session.end': session.end,
  'session.purge': session.purge,
};

export type MachineResult = { ok: true; state: SessionState; changed: boolean } | { ok: false; error: CommandError };

/**
 * Commands still accepted once the session has ended: the record is finished, agreed and kept
 * (REC-*), and purge clears it all. Everything about the meeting itself has stopped.
 */
const AFTER_END: ReadonlySet<string> = new Set([
  'record.setDetails',
  'action.set',
  'action.remove',
  'decision.set',
  'decision.remove',
  'record.agree',
  'record.addition',
  'retention.extend',
  'session.purge',
]);

/** The caseworker may still arrive after the end (a new device, a lost tab): the record is theirs to agree. */
export function joinsAfterEnd(command: AnyCommand): boolean {
  return command.type === 'member.join' && command.role === 'caseworker';
}

export function applyCommand(state: SessionState, command: AnyCommand, actor: Actor, now: number): MachineResult {
  const ctx: Context = { actor, now };
  try {
    if (state.status === 'purged') return refuse('CLOSED', 'this session has been purged');
    if (state.status === 'ended' && !AFTER_END.has(command.type) && !joinsAfterEnd(command))
      return refuse('CLOSED', 'this session has ended');
    let next: SessionState;
    if (command.type === 'member.join') {
      next = session.memberJoin(state, command, ctx);
    } else {
      if (actor.kind !== 'member') return refuse('FORBIDDEN', 'client commands need a member');
      if (!state.members[actor.memberId]) return refuse('FORBIDDEN', 'not a member of this session');
      const permission = checkPermission(actor.role, command.type, state.stageIndex);
      if (!permission.ok) return refuse('FORBIDDEN', permission.reason);
      const handler = HANDLERS[command.type] as Handler<ClientCommand>;
      next = handler(state, command, ctx);
    }
    return { ok: true, state: next, changed: next !== state };
  } catch (err) {
    if (err instanceof MachineError) return { ok: false, error: { code: err.code, message: err.message } };
    throw err;
  }
}

function refuse(code: CommandError['code'], message: string): MachineResult {
  return { ok: false, error: { code, message } };
}
