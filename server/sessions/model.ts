/** What the session modules share: a live session, who a token belongs to, and how they say no. */
import type { ZodError } from 'zod';
import type { CommandError } from '../../shared/errors.js';
import type { Role } from '../../shared/roles.js';
import type { SessionState } from '../../shared/state.js';
import type { Logger } from '../log.js';
import { FencedError, StoreFullError } from '../store/storeFull.js';

export interface LiveSession {
  state: SessionState;
  seq: number;
  /** When the session last changed: retention counts from here. */
  updatedAt: number;
  /** Bytes of its logged commands, against the storage quota. */
  logBytes: number;
}

export interface MemberIdentity {
  sessionId: string;
  memberId: string;
  role: Role;
}

/** A refusal carries its code; the HTTP status is the routes' business (HTTP_STATUS, requests.ts). */
export type HubResult<T> = { ok: true; value: T } | { ok: false; error: CommandError };

/** What a committed command is acknowledged with. */
export type Committed = HubResult<{ seq: number; duplicate: boolean }>;

export function refused(code: CommandError['code'], message: string): { ok: false; error: CommandError } {
  return { ok: false, error: { code, message } };
}

export function zodIssues(error: ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`);
}

export function invalid(error: ZodError): { ok: false; error: CommandError & { issues: string[] } } {
  return { ok: false, error: { code: 'INVALID', message: 'the request is not valid', issues: zodIssues(error) } };
}

export const MOVED_MESSAGE = 'This session is moving to another server. Trying again in a moment.';

export const STORE_FULL =
  'The server cannot save anything just now (its disk is full). Nothing was lost; try again shortly.';

/** A write outside the command log (a new session, new links): refused, not fatal, on a full disk. */
export async function storing(log: Logger, write: () => Promise<void>): Promise<HubResult<null>> {
  try {
    await write();
    return { ok: true, value: null };
  } catch (err) {
    if (err instanceof FencedError) return refused('MOVED', MOVED_MESSAGE);
    if (!(err instanceof StoreFullError)) throw err;
    log.error('store.full', { count: 0 });
    return refused('UNAVAILABLE', STORE_FULL);
  }
}
