import type { Request } from 'express';
import type { MemberIdentity, SessionHub } from '../sessions/hub.js';

/** The member a request's `Authorization: Bearer <token>` belongs to, if any (tokens never ride in URLs). */
export function bearer(req: Request, hub: SessionHub): MemberIdentity | null {
  const token = /^Bearer ([A-Za-z0-9_-]{20,64})$/.exec(req.get('authorization') ?? '')?.[1];
  return token ? hub.authenticate(token) : null;
}
