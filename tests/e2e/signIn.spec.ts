/**
 * Facilitator sign-in in a browser (issue 20): the start page of a hosted server asks a practice
 * lead to sign in, the provider's own login and consent pages (a real oidc-provider) send them
 * back, and the signed-in lead starts a session. Someone outside the group is told why not.
 */
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { CLIENT_ID, CLIENT_SECRET, startProvider, type TestProvider } from '../helpers/oidcProvider.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { cspViolations, expectAccessible, screenshot, watchCsp } from './support.js';

let provider: TestProvider;
let server: TestServer;

test.beforeAll(async () => {
  provider = await startProvider({
    lead: { name: 'Pat Lead', groups: ['supervision-leads'] },
    outsider: { name: 'Sam Other', groups: ['finance'] },
  });
  server = await startTestServer({
    clientDir: path.resolve('dist/client'),
    oidc: {
      issuer: provider.issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      groupClaim: 'groups',
      group: 'supervision-leads',
      providerName: 'Test Council',
    },
  });
  provider.allowRedirect(`${server.url}/auth/callback`);
});
test.afterAll(async () => {
  await server?.stop();
  await provider?.stop();
  expect(cspViolations, 'CSP refusals in the built client').toEqual([]);
});

async function startPage(browser: Browser, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const page = watchCsp(await (await browser.newContext({ viewport })).newPage());
  await page.goto(server.url);
  return page;
}

/** The provider's development login page, then its consent page, as a person fills them in. */
async function signInAtProvider(page: Page, login: string) {
  await page.getByRole('link', { name: 'Sign in with Test Council' }).click();
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a practice lead signs in with the authority’s account and starts a session', async ({ browser }) => {
  const page = await startPage(browser);
  await expect(page.getByRole('heading', { name: 'Sign in to start a session' })).toBeVisible();
  // No form to fill in and lose: the way in comes first.
  await expect(page.getByLabel('Case pseudonym or initials')).toHaveCount(0);
  await expectAccessible(page, 'the start page before sign-in');
  await screenshot(page, 'start-sign-in-1366');

  await signInAtProvider(page, 'lead');
  await expect(page.getByText('Signed in as Pat Lead')).toBeVisible();
  await expect(page.getByLabel('Your name (facilitator)')).toHaveValue('Pat Lead');
  // The exchange's code and state are gone from the address bar.
  expect(page.url()).toBe(`${server.url}/`);
  await expectAccessible(page, 'the start page signed in');
  await screenshot(page, 'start-signed-in-1366');

  await page.getByLabel('Case pseudonym or initials').fill('Family K');
  await page.getByLabel('Your name (facilitator)').fill('Pat');
  await page.getByRole('button', { name: 'Create session' }).click();
  await expect(page.getByRole('heading', { name: 'Session ready: Family K' })).toBeVisible();

  // Signing out puts the way in back.
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in with Test Council' })).toBeVisible();
});

test('someone outside the supervision group is told why they cannot start one', async ({ browser }) => {
  const page = await startPage(browser, { width: 390, height: 844 });
  await signInAtProvider(page, 'outsider');
  await expect(page.getByRole('alert')).toContainText('your account is not one that may start sessions here');
  expect(page.url()).toBe(`${server.url}/`);
  await expect(page.getByLabel('Case pseudonym or initials')).toHaveCount(0);
  await expectAccessible(page, 'the start page after a refused sign-in');
  await screenshot(page, 'start-sign-in-refused-390');
});
