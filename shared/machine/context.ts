import { fail } from '../errors.js';
import type { Actor } from '../roles.js';
import type { SessionState } from '../state.js';

export interface Context {
  actor: Actor;
  now: number;
}

export type Handler<C> = (state: SessionState, command: C, ctx: Context) => SessionState;

/** The member id of the actor; the server itself acts only through `member.join`. */
export function actorId(ctx: Context): string {
  if (ctx.actor.kind !== 'member') return fail('FORBIDDEN', 'this command needs a member');
  return ctx.actor.memberId;
}
