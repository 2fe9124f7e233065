/** The HTTP API: create a session, join one, and a health check. Bodies are zod-validated in the hub. */
import express, { type Response, type Router } from 'express';
import type {
  CreateSessionResponse,
  ErrorResponse,
  InvitationResponse,
  InvitationsResponse,
  ServerSettings,
} from '../../shared/protocol.js';
import { MAX_RETENTION_DAYS } from '../../shared/record.js';
import { type Config, DEFAULT_RETENTION_DAYS, DEFAULT_SESSIONS_PER_HOUR } from '../config.js';
import type { FailureLimiter } from '../security/rateLimit.js';
import { TokenBuckets } from '../security/tokenBuckets.js';
import type { SessionHub } from '../sessions/hub.js';
import { bearer } from './bearer.js';

export function apiRoutes(
  hub: SessionHub,
  config: Pick<Config, 'publicUrl' | 'retentionDays' | 'sessionsPerHour'>,
  joinLimiter: FailureLimiter,
): Router {
  const router = express.Router();
  const creations = new TokenBuckets(config.sessionsPerHour ?? DEFAULT_SESSIONS_PER_HOUR, 3_600_000);

  // Health for a load balancer; how many sessions are live only for the machine itself (ops, not the world).
  router.get('/healthz', (req, res) => {
    res.json(isLoopback(req.ip) ? { ok: true, sessions: hub.size, damaged: hub.damaged.size } : { ok: true });
  });

  // What the start page tells a new facilitator: how long this server keeps a session.
  router.get('/api/settings', (_req, res) => {
    res.json({
      retentionDays: config.retentionDays ?? DEFAULT_RETENTION_DAYS,
      maxRetentionDays: MAX_RETENTION_DAYS,
    } satisfies ServerSettings);
  });

  router.post('/api/sessions', (req, res) => {
    // A practice lead makes a few sessions a day: an hour's budget per address leaves room and stops a script.
    if (!creations.take(req.ip ?? req.socket.remoteAddress ?? 'unknown'))
      return void res
        .status(429)
        .set('retry-after', '180')
        .json({
          error: { code: 'RATE_LIMITED', message: 'Too many new sessions from here: try again in a few minutes.' },
        } satisfies ErrorResponse);
    const result = hub.create(req.body);
    if (!result.ok) {
      res.status(result.status).json({ error: result.error } satisfies ErrorResponse);
      return;
    }
    const { state, facilitatorToken, invites } = result.value;
    const base = config.publicUrl;
    const body: CreateSessionResponse = {
      sessionId: state.id,
      // Secrets ride after the '#': browsers never send the fragment to a server or a proxy log.
      facilitatorUrl: `${base}/s/${state.id}#token=${facilitatorToken}`,
      facilitatorToken,
      invitations: invites.map((i) => ({ role: i.role, url: `${base}/invite#${i.secret}` })),
      participants: { code: state.joinCode, joinUrl: `${base}/join/${state.joinCode}` },
    };
    res.status(201).json(body);
  });

  // What an invitation is for, so its page names the role and the case before anyone joins.
  router.post('/api/invitation', (req, res) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = joinLimiter.blocked(address);
    if (wait !== null) return void tooManyWrong(res, wait);
    const result = hub.describeInvitation(req.body);
    if (!result.ok) {
      if (result.status === 404 || result.status === 400) joinLimiter.recordFailure(address);
      return void res.status(result.status).json({ error: result.error } satisfies ErrorResponse);
    }
    res.json(result.value satisfies InvitationResponse);
  });

  // New invitation links for a facilitator who has lost theirs; the old ones stop working.
  router.post('/api/sessions/:sessionId/invitations', (req, res) => {
    const identity = bearer(req, hub);
    if (!identity || identity.sessionId !== req.params.sessionId)
      return void res
        .status(401)
        .json({ error: { code: 'UNAUTHENTICATED', message: 'a valid token is needed' } } satisfies ErrorResponse);
    const result = hub.renewInvitations(identity);
    if (!result.ok) return void res.status(result.status).json({ error: result.error } satisfies ErrorResponse);
    res.status(201).json({
      invitations: result.value.map((i) => ({ role: i.role, url: `${config.publicUrl}/invite#${i.secret}` })),
    } satisfies InvitationsResponse);
  });

  router.post('/api/join', async (req, res) => {
    // req.ip honours GROUPMAP_TRUST_PROXY, so behind a proxy this is the person's address.
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = joinLimiter.blocked(address);
    if (wait !== null) return void tooManyWrong(res, wait);
    const result = await hub.join(req.body);
    if (!result.ok) {
      if (result.status === 404 || result.status === 400) joinLimiter.recordFailure(address);
      res.status(result.status).json({ error: result.error } satisfies ErrorResponse);
      return;
    }
    res.status(201).json(result.value);
  });

  return router;
}

function isLoopback(ip: string | undefined): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

function tooManyWrong(res: Response, wait: number): void {
  res
    .status(429)
    .set('retry-after', String(wait))
    .json({
      error: { code: 'RATE_LIMITED', message: `Too many wrong codes from here: try again in ${wait} seconds.` },
    } satisfies ErrorResponse);
}
