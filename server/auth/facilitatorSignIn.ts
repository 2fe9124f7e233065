/**
 * Facilitator sign-in when an authority hosts groupmap (GROUPMAP_OIDC_ISSUER): OpenID Connect's
 * authorization code flow with PKCE, a state and a nonce, through openid-client. Only someone
 * signed in (and, when GROUPMAP_OIDC_GROUP is set, holding that group or role) may create a
 * session; everyone else still joins by code or invitation with no account.
 *
 * Nothing is kept on the server: the attempt (verifier, state, nonce) and then the sign-in
 * (subject, name) ride in sealed, HttpOnly, SameSite=Lax cookies, so any node behind a proxy
 * completes a sign-in another node began. The callback's `code` is single use and short lived,
 * and the browser is sent on to `/` at once, so it stays in no address bar.
 */
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import express, { type Request, type Response, type Router } from 'express';
import * as oidc from 'openid-client';
import { cleanText } from '../../shared/safeInput.js';
import type { OidcConfig } from '../config.js';
import type { Logger } from '../log.js';
import { Sealer } from './sealed.js';

/** A working day: long enough for a morning of sessions, short enough that a left-open laptop signs out. */
export const SIGN_IN_HOURS = 8;
/** Time to finish signing in at the provider (a password, a second factor). */
const ATTEMPT_MINUTES = 10;
const SIGN_IN_COOKIE = 'groupmap_signin';
const ATTEMPT_COOKIE = 'groupmap_signin_attempt';
export const CALLBACK_PATH = '/auth/callback';

export interface SignedInFacilitator {
  /** The provider's stable identifier for the person (never shown; kept in the session's audit). */
  subject: string;
  name: string;
}

interface Attempt {
  verifier: string;
  state: string;
  nonce: string;
}

/** Why a sign-in ended without one; the start page words each (`/?sign-in=<outcome>`). */
export type SignInOutcome = 'refused' | 'cancelled' | 'failed' | 'unavailable';

export class FacilitatorSignIn {
  private readonly sealer: Sealer;
  private readonly secure: boolean;
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly config: OidcConfig,
    private readonly publicUrl: () => string,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.sealer = new Sealer(config.clientSecret, 'facilitator sign-in cookies');
    this.secure = publicUrl().startsWith('https:');
  }

  get providerName(): string {
    return this.config.providerName;
  }

  /** The signed-in facilitator a request carries, if the cookie is ours, whole and in date. */
  facilitator(req: Request): SignedInFacilitator | null {
    const cookies = parseCookies(req.get('cookie') ?? '');
    const value = this.sealer.open<SignedInFacilitator>('sign-in', cookies[SIGN_IN_COOKIE], this.clock());
    return value && typeof value.subject === 'string' && typeof value.name === 'string'
      ? { subject: value.subject, name: value.name }
      : null;
  }

  /** `isSameSite`: the request comes from this server's own pages (its Origin), not another site's. */
  routes(isSameSite: (req: Request) => boolean): Router {
    const router = express.Router();

    router.get('/auth/sign-in', async (_req, res) => {
      let configuration: oidc.Configuration;
      try {
        configuration = await this.configuration();
      } catch (err) {
        this.log.error('signin.provider.unreachable', { error: (err as Error).name });
        return res.redirect(303, '/?sign-in=unavailable');
      }
      const attempt: Attempt = {
        verifier: oidc.randomPKCECodeVerifier(),
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
      };
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: this.callbackUrl(),
        scope: 'openid profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(attempt.verifier),
        code_challenge_method: 'S256',
        state: attempt.state,
        nonce: attempt.nonce,
      });
      const expires = this.clock() + ATTEMPT_MINUTES * 60_000;
      this.setCookie(res, ATTEMPT_COOKIE, this.sealer.seal('attempt', attempt, expires), {
        path: CALLBACK_PATH,
        maxAge: ATTEMPT_MINUTES * 60,
      });
      res.redirect(303, url.href);
    });

    router.get(CALLBACK_PATH, async (req, res) => {
      const finish = (outcome: SignInOutcome | null) => {
        this.setCookie(res, ATTEMPT_COOKIE, '', { path: CALLBACK_PATH, maxAge: 0 });
        res.redirect(303, outcome ? `/?sign-in=${outcome}` : '/');
      };
      const attempt = this.sealer.open<Attempt>(
        'attempt',
        parseCookies(req.get('cookie') ?? '')[ATTEMPT_COOKIE],
        this.clock(),
      );
      if (req.query.error === 'access_denied') return finish('cancelled');
      if (!attempt) {
        this.log.warn('signin.failed', { reason: 'no-attempt' });
        return finish('failed');
      }
      let facilitator: SignedInFacilitator;
      try {
        const configuration = await this.configuration();
        // The address the provider sent the browser to, as registered: the public URL, never the Host a proxy passed.
        const current = new URL(req.originalUrl, this.publicUrl());
        const tokens = await oidc.authorizationCodeGrant(configuration, current, {
          pkceCodeVerifier: attempt.verifier,
          expectedState: attempt.state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new Error('no ID token');
        let all: Record<string, unknown> = claims;
        // Many providers put groups and names only in userinfo. The group decides; a missing name only greets less well.
        const groupMissing = this.config.group !== undefined && !(this.config.groupClaim in claims);
        if ((groupMissing || !('name' in claims)) && configuration.serverMetadata().userinfo_endpoint) {
          const userinfo = oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
          all = { ...(await (groupMissing ? userinfo : userinfo.catch(() => ({})))), ...claims };
        }
        if (this.config.group && !holds(all[this.config.groupClaim], this.config.group)) {
          this.log.warn('signin.refused', { reason: 'not-in-group' });
          return finish('refused');
        }
        facilitator = { subject: claims.sub, name: displayName(all) };
      } catch (err) {
        this.log.warn('signin.failed', { error: (err as Error).name, code: (err as { code?: string }).code ?? null });
        return finish('failed');
      }
      const expires = this.clock() + SIGN_IN_HOURS * 3_600_000;
      this.setCookie(res, SIGN_IN_COOKIE, this.sealer.seal('sign-in', facilitator, expires), {
        path: '/',
        maxAge: SIGN_IN_HOURS * 3600,
      });
      this.log.info('signin.completed', {});
      finish(null);
    });

    router.post('/auth/sign-out', (req, res) => {
      if (!isSameSite(req))
        return res.status(403).json({ error: { code: 'FORBIDDEN', message: 'not from this site' } });
      this.setCookie(res, SIGN_IN_COOKIE, '', { path: '/', maxAge: 0 });
      res.status(204).end();
    });

    return router;
  }

  private callbackUrl(): string {
    return `${this.publicUrl()}${CALLBACK_PATH}`;
  }

  /** The provider's metadata, fetched on first use (and again after a failure), so a provider down at boot stops no one joining. */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.config.issuer);
      this.discovered = oidc
        .discovery(
          issuer,
          this.config.clientId,
          { redirect_uris: [this.callbackUrl()] },
          oidc.ClientSecretBasic(this.config.clientSecret),
          // Config allows plain http only to this machine (a provider started beside it).
          issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {},
        )
        .catch((err: unknown) => {
          this.discovered = null;
          throw err;
        });
    }
    return this.discovered;
  }

  private setCookie(res: Response, name: string, value: string, options: { path: string; maxAge: number }): void {
    res.append(
      'set-cookie',
      serializeCookie(name, value, { ...options, httpOnly: true, sameSite: 'lax', secure: this.secure }),
    );
  }
}

/** Whether a groups (or roles) claim, a list or a single value, holds the group. */
function holds(claim: unknown, group: string): boolean {
  return Array.isArray(claim) ? claim.includes(group) : claim === group;
}

/** What the start page greets the person by: their name, else a username, else a neutral word. */
function displayName(claims: Record<string, unknown>): string {
  for (const key of ['name', 'preferred_username', 'email'] as const) {
    const value = claims[key];
    // The same cleaning as any name typed here: no bidi overrides or zero-width characters on screen.
    const clean = typeof value === 'string' ? cleanText(value, 'line').slice(0, 80) : '';
    if (clean) return clean;
  }
  return 'Signed in';
}
