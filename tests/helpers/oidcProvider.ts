/**
 * A real OpenID Connect provider (the `oidc-provider` package) on an ephemeral port, for the
 * facilitator sign-in tests: discovery, the authorization endpoint with its login and consent
 * pages, the token endpoint, signed ID tokens and userinfo, all as an authority's provider would
 * serve them. `signInThrough` walks a sign-in as a browser does, following redirects and keeping
 * cookies, and types the login on the provider's own form.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'groupmap-test';
export const CLIENT_SECRET = 'a-test-client-secret-of-enough-length';

export interface Account {
  name?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  /** Registers groupmap's callback once its port is known (the provider checks it exactly). */
  allowRedirect(uri: string): void;
  stop(): Promise<void>;
}

/** Listens first, so the issuer URL is known before groupmap is configured with it. */
export async function startProvider(accounts: Record<string, Account>): Promise<TestProvider> {
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirects: string[] = [];
  const make = () =>
    new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: redirects,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      async findAccount(_ctx, id) {
        const account = accounts[id];
        if (!account) return undefined;
        return { accountId: id, claims: async () => ({ sub: id, ...account }) };
      },
      claims: { openid: ['sub'], profile: ['name', 'groups'] },
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['test-only-cookie-key'] },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    });
  return {
    issuer,
    allowRedirect(uri) {
      redirects.push(uri);
      handler = make().callback();
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Cookies by name, as one browser would hold them for 127.0.0.1 (cookies ignore the port). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, at).trim(), pair!.slice(at + 1).trim()];
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string): Promise<Response> {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: this.header() } });
    this.take(res);
    return res;
  }

  async postForm(url: string, form: Record<string, string>): Promise<Response> {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    this.take(res);
    return res;
  }
}

/**
 * Signs in as `login` from groupmap's /auth/sign-in: the provider's login form, then its consent
 * page, up to groupmap's callback. Returns where groupmap finally sent the browser. `stopAtCallback`
 * returns the callback URL unvisited instead (for replay and mix-up tests).
 */
export async function signInThrough(
  groupmapUrl: string,
  jar: CookieJar,
  login: string,
  options: { stopAtCallback?: boolean } = {},
): Promise<string> {
  let url = `${groupmapUrl}/auth/sign-in`;
  for (let hop = 0; hop < 20; hop++) {
    if (options.stopAtCallback && url.startsWith(`${groupmapUrl}/auth/callback`)) return url;
    const res = await jar.get(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    if (url.startsWith(groupmapUrl)) return url;
    // The provider's own pages: answer the login form, then the consent page, as a person would.
    const page = await res.text();
    const action = /action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`no form on ${url} (${res.status}): ${page.slice(0, 200)}`);
    const form: Record<string, string> = page.includes('name="login"')
      ? { prompt: 'login', login, password: 'anything' }
      : { prompt: 'consent' };
    const posted = await jar.postForm(new URL(action, url).href, form);
    url = new URL(posted.headers.get('location')!, url).href;
  }
  throw new Error('sign-in did not finish in 20 steps');
}
