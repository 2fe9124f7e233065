/** The HTTP API: create a session, join one, and a health check. Bodies are zod-validated in the hub. */
import express, { type Router } from 'express';
import type { CreateSessionResponse, ErrorResponse } from '../../shared/protocol.js';
import type { Config } from '../config.js';
import type { FailureLimiter } from '../security/rateLimit.js';
import type { SessionHub } from '../sessions/hub.js';

export function apiRoutes(hub: SessionHub, config: Pick<Config, 'publicUrl'>, joinLimiter: FailureLimiter): Router {
  const router = express.Router();

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, sessions: hub.size });
  });

  router.post('/api/sessions', (req, res) => {
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

  router.post('/api/join', async (req, res) => {
    // req.ip honours GROUPMAP_TRUST_PROXY, so behind a proxy this is the person's address.
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = joinLimiter.blocked(address);
    if (wait !== null) {
      res
        .status(429)
        .set('retry-after', String(wait))
        .json({
          error: { code: 'RATE_LIMITED', message: `too many wrong codes: try again in ${wait} seconds` },
        } satisfies ErrorResponse);
      return;
    }
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
