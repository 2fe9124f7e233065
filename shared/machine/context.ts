import { fail } from '../errors.js';
import type { Actor } from '../roles.js';
import type { SessionState } from '../state.js';

export interface Context {
  actor: Actor;
  now: number;
}

export type Handler<C> = (state: SessionState, command: C, ctx: Context) => SessionState;

/**
 * A command that sets some of a record's fields ("fields left out keep their value"): the record
 * with the given ones applied, or null when that changes nothing (a retry, or the same answer again).
 */
export function withFieldsSet<T extends object>(current: T, command: { type: string; id: string }): T | null {
  const { type: _type, id: _id, ...fields } = command;
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const next = { ...current, ...given };
  return JSON.stringify(next) === JSON.stringify(current) ? null : next;
}

/** The member id of the actor; the server itself acts only through `member.join`. */
export function actorId(ctx: Context): string {
  if (ctx.actor.kind !== 'member') return fail('FORBIDDEN', 'this command needs a member');
  return ctx.actor.memberId;
}
