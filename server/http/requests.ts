/** What every HTTP route reads from a request and how it says no. */
import type { Request, Response } from 'express';
import type { ErrorCode } from '../../shared/errors.js';
import type { ErrorResponse } from '../../shared/protocol.js';
import type { HubResult, MemberIdentity, SessionHub } from '../sessions/hub.js';
import { MOVED_MESSAGE } from '../sessions/model.js';

/**
 * The member a request's `Authorization: Bearer <token>` belongs to, if any (tokens never ride in
 * URLs); 'elsewhere' when another node serves their session (answer with `movedElsewhere`).
 */
export async function bearer(req: Request, hub: SessionHub): Promise<MemberIdentity | 'elsewhere' | null> {
  const token = /^Bearer ([A-Za-z0-9_-]{20,64})$/.exec(req.get('authorization') ?? '')?.[1];
  return token ? await hub.access.authenticate(token) : null;
}

/** Another node serves this session: try again in a second, when the proxy sends the request there. */
export function movedElsewhere(res: Response): void {
  refuse(res, 'MOVED', MOVED_MESSAGE, 1);
}

/** Who is asking: req.ip honours GROUPMAP_TRUST_PROXY, so behind a proxy this is the person's address. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** The one mapping from a refusal's code to its HTTP status. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  WRONG_STAGE: 409,
  LIMIT: 409,
  CONFLICT: 409,
  CLOSED: 410,
  GONE: 410,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  MOVED: 503,
  QUOTA: 507,
};

/** A refusal as every endpoint answers one; with `retryAfter` (seconds) for rate limits. */
export function refuse(res: Response, code: ErrorCode, message: string, retryAfter?: number): void {
  if (retryAfter !== undefined) res.set('retry-after', String(retryAfter));
  res.status(HTTP_STATUS[code]).json({ error: { code, message } } satisfies ErrorResponse);
}

/** The hub's refusal, with the schema's issues when it gave them. */
export function refuseWith(res: Response, result: Extract<HubResult<unknown>, { ok: false }>): void {
  if (result.error.code === 'MOVED') res.set('retry-after', '1');
  res.status(HTTP_STATUS[result.error.code]).json({ error: result.error } satisfies ErrorResponse);
}
