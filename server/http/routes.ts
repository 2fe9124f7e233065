/** The HTTP API: create a session, join one, and a health check. Bodies are zod-validated in the hub. */
import express, { type Request, type Response, type Router } from 'express';
import type {
  CreateSessionResponse,
  Invitation,
  InvitationResponse,
  InvitationsResponse,
  ResolveResponse,
  ServerSettings,
  SignInStatus,
} from '../../shared/protocol.js';
import { MAX_RETENTION_DAYS } from '../../shared/record.js';
import type { FacilitatorSignIn } from '../auth/facilitatorSignIn.js';
import { type Config, DEFAULT_RETENTION_DAYS } from '../config.js';
import type { FailureLimiter } from '../security/rateLimit.js';
import { TokenBuckets } from '../security/tokenBuckets.js';
import type { HubResult, SessionHub } from '../sessions/hub.js';
import { bearer, clientAddress, movedElsewhere, refuse, refuseWith } from './requests.js';

export function apiRoutes(
  hub: SessionHub,
  // Read as it is at each request: listen() fills in the port of a PUBLIC_URL ending in :0.
  config: Pick<Config, 'publicUrl' | 'retentionDays'>,
  /** New sessions per person or address per hour, on this node. */
  sessionsPerHour: number,
  joinLimiter: FailureLimiter,
  signIn: FacilitatorSignIn | null,
  isSameSite: (req: Request) => boolean,
): Router {
  const router = express.Router();
  const creations = new TokenBuckets(sessionsPerHour, 3_600_000);

  // Health for a load balancer; how many sessions are live only for the machine itself (ops, not the world).
  // A full disk is degraded, not down: everything stored is still served, so the node stays in rotation.
  router.get('/healthz', (req, res) => {
    const status = hub.degraded ? { ok: true, degraded: hub.degraded } : { ok: true };
    res.json(isLoopback(req.ip) ? { ...status, sessions: hub.size, damaged: hub.damaged.size } : status);
  });

  // What the start page tells a new facilitator: how long this server keeps a session.
  router.get('/api/settings', (_req, res) => {
    res.json({
      retentionDays: config.retentionDays ?? DEFAULT_RETENTION_DAYS,
      maxRetentionDays: MAX_RETENTION_DAYS,
    } satisfies ServerSettings);
  });

  // Whether starting a session needs the authority's sign-in, and who is signed in.
  router.get('/api/sign-in', (req, res) => {
    const user = signIn?.facilitator(req) ?? null;
    res.set('cache-control', 'no-store');
    res.json({
      required: signIn !== null,
      provider: signIn?.providerName ?? null,
      user: user ? { name: user.name } : null,
    } satisfies SignInStatus);
  });

  router.post('/api/sessions', async (req, res) => {
    let signedIn: { subject: string } | null = null;
    if (signIn) {
      // The sign-in rides in a cookie, so another site's page must not be able to spend it.
      if (!isSameSite(req)) return refuse(res, 'FORBIDDEN', "sessions are started from this server's own page");
      signedIn = signIn.facilitator(req);
      if (!signedIn) return refuse(res, 'UNAUTHENTICATED', `Sign in with ${signIn.providerName} to start a session.`);
    }
    // A practice lead makes a few sessions a day: an hour's budget leaves room and stops a script. Per
    // person when they sign in, since a whole authority may reach the server from one address.
    if (!creations.take(signedIn ? `subject:${signedIn.subject}` : clientAddress(req)))
      return refuse(res, 'RATE_LIMITED', 'Too many new sessions from here: try again in a few minutes.', 180);
    const result = await hub.access.create(req.body, signedIn?.subject);
    if (!result.ok) return refuseWith(res, result);
    const { state, facilitatorToken, invites } = result.value;
    const base = config.publicUrl;
    const body: CreateSessionResponse = {
      sessionId: state.id,
      // Secrets ride after the '#': browsers never send the fragment to a server or a proxy log.
      facilitatorUrl: `${base}/s/${state.id}#token=${facilitatorToken}`,
      facilitatorToken,
      invitations: invites.map((i) => invitation(i)),
      participants: { code: state.joinCode, joinUrl: `${base}/join/${state.joinCode}` },
    };
    res.status(201).json(body);
  });

  // What an invitation is for, so its page names the role and the case before anyone joins.
  router.post('/api/invitation', async (req, res) => {
    const value = await guess(req, res, () => hub.access.describeInvitation(req.body));
    if (value) res.json(value satisfies InvitationResponse);
  });

  // New invitation links for a facilitator who has lost theirs; the old ones stop working.
  router.post('/api/sessions/:sessionId/invitations', async (req, res) => {
    const identity = await bearer(req, hub);
    if (identity === 'elsewhere') return movedElsewhere(res);
    if (!identity || identity.sessionId !== req.params.sessionId)
      return refuse(res, 'UNAUTHENTICATED', 'a valid token is needed');
    const result = await hub.access.renewInvitations(identity);
    if (!result.ok) return refuseWith(res, result);
    res.status(201).json({ invitations: result.value.map((i) => invitation(i)) } satisfies InvitationsResponse);
  });

  router.post('/api/join', async (req, res) => {
    const value = await guess(req, res, () => hub.access.join(req.body));
    if (value) res.status(201).json(value);
  });

  // Joining in two steps, so that a proxy can send the second to the node holding the session:
  // which session a code or link is for (any node), then the join or the link's description there.
  router.post('/api/resolve', async (req, res) => {
    const value = await guess(req, res, () => hub.access.resolve(req.body));
    if (value) res.json(value satisfies ResolveResponse);
  });
  router.post('/api/sessions/:sessionId/join', async (req, res) => {
    const value = await guess(req, res, () => hub.access.join(req.body, req.params.sessionId));
    if (value) res.status(201).json(value);
  });
  router.post('/api/sessions/:sessionId/invitation', async (req, res) => {
    const value = await guess(req, res, () => hub.access.describeInvitation(req.body, req.params.sessionId));
    if (value) res.json(value satisfies InvitationResponse);
  });

  /** An invitation as it is handed out: the secret after the '#', never sent to a server or a log. */
  function invitation(i: { role: Invitation['role']; secret: string }): Invitation {
    return { role: i.role, url: `${config.publicUrl}/invite#${i.secret}` };
  }

  /**
   * A code or a link that may be a guess: refused while this address is locked out, and counted
   * against it when the hub knows no such code or link. What the hub gave back, or null once answered.
   */
  async function guess<T>(
    req: Request,
    res: Response,
    attempt: () => HubResult<T> | Promise<HubResult<T>>,
  ): Promise<T | null> {
    const address = clientAddress(req);
    const wait = joinLimiter.blocked(address);
    if (wait !== null) {
      refuse(res, 'RATE_LIMITED', `Too many wrong codes from here: try again in ${wait} seconds.`, wait);
      return null;
    }
    const result = await attempt();
    if (result.ok) return result.value;
    if (result.error.code === 'NOT_FOUND' || result.error.code === 'INVALID') joinLimiter.recordFailure(address);
    refuseWith(res, result);
    return null;
  }

  return router;
}

function isLoopback(ip: string | undefined): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}
