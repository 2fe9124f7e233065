/**
 * Facilitator sign-in when hosted (issue 20): a real OpenID provider (oidc-provider) started here,
 * groupmap configured with its issuer, and sign-ins walked through the provider's own login and
 * consent pages. Only a signed-in member of the group may create a session; everyone else still
 * joins by code or invitation with no account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, SignInStatus } from '../../shared/protocol.js';
import { inviteSecret, join } from '../helpers/client.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  CookieJar,
  signInThrough,
  startProvider,
  type TestProvider,
} from '../helpers/oidcProvider.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const GROUP = 'supervision-leads';
let provider: TestProvider;
let t: TestServer;
let now = Date.now();

beforeAll(async () => {
  provider = await startProvider({
    lead: { name: 'Pat Lead', groups: [GROUP, 'staff'] },
    outsider: { name: 'Sam Other', groups: ['staff'] },
  });
  t = await startTestServer({
    clock: () => now,
    oidc: {
      issuer: provider.issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      groupClaim: 'groups',
      group: GROUP,
      providerName: 'Test Council',
    },
  });
  provider.allowRedirect(`${t.url}/auth/callback`);
});
afterAll(async () => {
  await t.stop();
  await provider.stop();
});

function createWith(jar: CookieJar | null, origin: string = t.url) {
  return fetch(`${t.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...(jar ? { cookie: jar.header() } : {}) },
    body: JSON.stringify({ title: 'Case T.K.', facilitatorName: 'Pat' }),
  });
}

async function status(jar: CookieJar): Promise<SignInStatus> {
  return (await (await fetch(`${t.url}/api/sign-in`, { headers: { cookie: jar.header() } })).json()) as SignInStatus;
}

describe('facilitator sign-in through the authority’s OpenID provider', () => {
  it('refuses to create a session without a sign-in, naming the provider', async () => {
    const res = await createWith(null);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'Sign in with Test Council to start a session.',
    );
    expect(await status(new CookieJar())).toEqual({ required: true, provider: 'Test Council', user: null });
  });

  it('a member of the group signs in at the provider, creates a session; the group still joins with no account', async () => {
    const jar = new CookieJar();
    const landed = await signInThrough(t.url, jar, 'lead');
    // Back on the start page, with nothing of the exchange (code, state) left in the address.
    expect(landed).toBe(`${t.url}/`);
    expect(jar.cookies.has('groupmap_signin')).toBe(true);
    expect(jar.cookies.has('groupmap_signin_attempt')).toBe(false);
    expect(await status(jar)).toEqual({ required: true, provider: 'Test Council', user: { name: 'Pat Lead' } });

    const res = await createWith(jar);
    expect(res.status).toBe(201);
    const created = (await res.json()) as CreateSessionResponse;
    // Who created it is in the session's audit as the provider's opaque subject, never a name.
    expect((await t.server.store.audit(created.sessionId))[0]).toMatchObject({
      event: 'session.created',
      detail: 'signed-in:lead',
    });

    // Participants, the caseworker, the advisor and the screen need no account.
    const participant = await join(t.url, { code: created.participants.code, name: 'Ola' });
    expect(participant.role).toBe('participant');
    const caseworker = await join(t.url, { invite: inviteSecret(created, 'caseworker'), name: 'Cas' });
    expect(caseworker.role).toBe('caseworker');
  });

  it('someone signed in but outside the group is told so and cannot create', async () => {
    const jar = new CookieJar();
    expect(await signInThrough(t.url, jar, 'outsider')).toBe(`${t.url}/?sign-in=refused`);
    expect(jar.cookies.has('groupmap_signin')).toBe(false);
    expect((await createWith(jar)).status).toBe(401);
  });

  it('a callback is used once, only by the browser that began the sign-in, and only in time', async () => {
    // Replay: the same callback URL a second time (a code is single use).
    const jar = new CookieJar();
    const callback = await signInThrough(t.url, jar, 'lead', { stopAtCallback: true });
    const attempt = jar.cookies.get('groupmap_signin_attempt')!;
    expect((await jar.get(callback)).headers.get('location')).toBe('/');
    jar.cookies.set('groupmap_signin_attempt', attempt);
    jar.cookies.delete('groupmap_signin');
    expect((await jar.get(callback)).headers.get('location')).toBe('/?sign-in=failed');
    expect(jar.cookies.has('groupmap_signin')).toBe(false);

    // Mix-up: another browser's callback (another state, another verifier) is refused.
    const mine = new CookieJar();
    await signInThrough(t.url, mine, 'lead', { stopAtCallback: true });
    const theirs = new CookieJar();
    const theirCallback = await signInThrough(t.url, theirs, 'lead', { stopAtCallback: true });
    expect((await mine.get(theirCallback)).headers.get('location')).toBe('/?sign-in=failed');
    expect(mine.cookies.has('groupmap_signin')).toBe(false);

    // No attempt at all (a link pasted from elsewhere).
    expect((await new CookieJar().get(theirCallback)).headers.get('location')).toBe('/?sign-in=failed');

    // Cancelled at the provider.
    expect((await new CookieJar().get(`${t.url}/auth/callback?error=access_denied`)).headers.get('location')).toBe(
      '/?sign-in=cancelled',
    );
  });

  it('a sign-in cookie cannot be forged, altered, spent by another site or kept past its day', async () => {
    const jar = new CookieJar();
    await signInThrough(t.url, jar, 'lead');
    const cookie = jar.cookies.get('groupmap_signin')!;

    // Another site's page posting with the person's cookie.
    const crossSite = await createWith(jar, 'https://evil.example');
    expect(crossSite.status).toBe(403);

    // One character changed, or a made-up value.
    const altered = new CookieJar();
    altered.cookies.set('groupmap_signin', cookie.slice(0, -2) + (cookie.endsWith('AA') ? 'BB' : 'AA'));
    expect((await createWith(altered)).status).toBe(401);
    const forged = new CookieJar();
    forged.cookies.set(
      'groupmap_signin',
      Buffer.from('{"subject":"lead","name":"x","exp":9e15}').toString('base64url'),
    );
    expect((await createWith(forged)).status).toBe(401);

    // The sign-in attempt's cookie does not open as a sign-in.
    const attempt = new CookieJar();
    await signInThrough(t.url, attempt, 'lead', { stopAtCallback: true });
    const swapped = new CookieJar();
    swapped.cookies.set('groupmap_signin', attempt.cookies.get('groupmap_signin_attempt')!);
    expect((await createWith(swapped)).status).toBe(401);

    // Eight hours later, even a browser that kept the cookie is signed out.
    const saved = now;
    now += 8 * 3_600_000 + 1;
    try {
      expect((await createWith(jar)).status).toBe(401);
      expect((await status(jar)).user).toBeNull();
    } finally {
      now = saved;
    }
  });

  it('signing out ends it', async () => {
    const jar = new CookieJar();
    await signInThrough(t.url, jar, 'lead');
    const res = await fetch(`${t.url}/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: jar.header(), origin: t.url },
    });
    jar.take(res);
    expect(res.status).toBe(204);
    expect(jar.cookies.has('groupmap_signin')).toBe(false);
    expect((await status(jar)).user).toBeNull();
  });

  it('a provider that cannot be reached stops only sign-in, and says so', async () => {
    const closed = await startProvider({});
    const issuer = closed.issuer;
    await closed.stop();
    const offline = await startTestServer({
      oidc: {
        issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        groupClaim: 'groups',
        providerName: 'Test Council',
      },
    });
    try {
      const res = await new CookieJar().get(`${offline.url}/auth/sign-in`);
      expect(res.headers.get('location')).toBe('/?sign-in=unavailable');
      expect((await fetch(`${offline.url}/healthz`)).status).toBe(200);
    } finally {
      await offline.stop();
    }
  });
});
