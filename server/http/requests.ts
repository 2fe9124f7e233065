/** What every HTTP route reads from a request and how it says no. */
import type { Request, Response } from 'express';
import type { ErrorCode } from '../../shared/errors.js';
import type { ErrorResponse } from '../../shared/protocol.js';
import type { HubResult, MemberIdentity, SessionHub } from '../sessions/hub.js';

/** The member a request's `Authorization: Bearer <token>` belongs to, if any (tokens never ride in URLs). */
export function bearer(req: Request, hub: SessionHub): MemberIdentity | null {
  const token = /^Bearer ([A-Za-z0-9_-]{20,64})$/.exec(req.get('authorization') ?? '')?.[1];
  return token ? hub.authenticate(token) : null;
}

/** Who is asking: req.ip honours GROUPMAP_TRUST_PROXY, so behind a proxy this is the person's address. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** A refusal as every endpoint answers one; with `retryAfter` (seconds) for rate limits. */
export function refuse(res: Response, status: number, code: ErrorCode, message: string, retryAfter?: number): void {
  if (retryAfter !== undefined) res.set('retry-after', String(retryAfter));
  res.status(status).json({ error: { code, message } } satisfies ErrorResponse);
}

/** The hub's refusal, with the status it chose. */
export function refuseWith(res: Response, result: Extract<HubResult<unknown>, { ok: false }>): void {
  res.status(result.status).json({ error: result.error } satisfies ErrorResponse);
}
