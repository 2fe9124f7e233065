/**
 * Links that cannot be lost, and joining that says what happened (issue 18): the facilitator finds
 * every invitation again after a reload, copies work on a plain-http LAN address, the screen's
 * link joins with no name, an invitation reopened in the same browser is the same person, and each
 * way a code can fail has its own message.
 */
import { type Browser, chromium, expect, type Page, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { createSession, inviteSecret, TestClient } from '../helpers/client.js';
import type { TestServer } from '../helpers/server.js';
import { cspViolations, expectAccessible, screenshot, startAppServer, watchCsp } from './support.js';

let server: TestServer;
let lan: Browser;
const clients: TestClient[] = [];

test.beforeAll(async () => {
  server = await startAppServer();
  // A name that is not localhost, as a meeting room's laptop is reached: http there is not a secure context.
  lan = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP groupmap.lan 127.0.0.1'],
  });
});
test.afterAll(async () => {
  for (const c of clients) c.close();
  await lan?.close();
  await server?.stop();
  expect(cspViolations, 'CSP refusals in the built client').toEqual([]);
});

const lanUrl = () => server.url.replace('127.0.0.1', 'groupmap.lan');

async function newPage(browser: Browser, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return watchCsp(await context.newPage());
}

test('the facilitator finds every link again after a reload, and copying works on a LAN address', async () => {
  const fac = await newPage(lan);
  // What the clipboard received, seen from the page's copy event (no clipboard API on plain http).
  await fac.addInitScript(() => {
    document.addEventListener(
      'copy',
      () => {
        (window as unknown as { copied: string }).copied = document.getSelection()?.toString() ?? '';
      },
      true,
    );
  });
  await fac.goto(lanUrl());
  expect(await fac.evaluate(() => window.isSecureContext)).toBe(false);
  await fac.getByText('How a session runs').click();
  await expect(fac.getByText(/deleted 14 days after the session ends/)).toBeVisible();
  await expectAccessible(fac, 'start page');
  await fac.getByLabel('Case pseudonym or initials').fill('Family K');
  await fac.getByLabel('Your name (facilitator)').fill('Fran');
  await fac.getByRole('button', { name: 'Create session' }).click();
  await expect(fac.getByRole('heading', { name: 'Session ready: Family K' })).toBeVisible();
  const links = fac.locator('.links input');
  const caseworkerLink = await fac.getByRole('textbox', { name: 'Caseworker', exact: true }).inputValue();
  expect(caseworkerLink).toMatch(/\/invite#/);
  await fac.getByRole('button', { name: 'Copy the caseworker link' }).click();
  await expect(fac.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible();
  expect(await fac.evaluate(() => (window as unknown as { copied: string }).copied)).toBe(caseworkerLink);
  await fac.getByRole('button', { name: 'QR code' }).first().click();
  await expect(fac.getByRole('img', { name: /QR code for the shared screen/ })).toBeVisible();
  await expectAccessible(fac, 'links');
  await screenshot(fac, 'links-created-1366');
  const before = await links.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

  // Into the console, then a reload: the links are still there, in the session drawer.
  await fac.getByRole('link', { name: 'Open the facilitator console' }).click();
  await expect(fac.getByRole('button', { name: 'Session', exact: true })).toBeVisible({ timeout: 20_000 });
  await fac.reload();
  await fac.getByRole('button', { name: 'Session', exact: true }).click();
  const drawer = fac.getByRole('dialog', { name: 'Session' });
  await expect(drawer.getByRole('heading', { name: 'Links' })).toBeVisible();
  const again = await drawer
    .locator('.links input')
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  for (const url of before.filter((u) => u.includes('/invite#'))) expect(again).toContain(url);
  await screenshot(fac, 'links-console-1366');

  // Back on the start page, this browser offers the way back to its session.
  await fac.goto(lanUrl());
  await expect(fac.getByRole('link', { name: /Family K \(facilitator\)/ })).toBeVisible();
});

test('the screen link joins with no name; an invitation reopened in the same browser is the same person', async ({
  browser,
}) => {
  const s = await createSession(server.url, { title: 'Family K', facilitatorName: 'Fran' });
  const F = new TestClient(server.url, s.facilitatorToken);
  clients.push(F);
  await F.connected();
  const members = () => Object.values(server.server.hub.get(s.sessionId)!.state.members);

  const projector = await newPage(browser, { width: 1280, height: 720 });
  await projector.goto(`${server.url}/invite#${inviteSecret(s, 'screen')}`);
  await expect(projector).toHaveURL(new RegExp(`/s/${s.sessionId}$`), { timeout: 10_000 });
  expect(
    members()
      .filter((m) => m.role === 'screen')
      .map((m) => m.name),
  ).toEqual(['Shared screen']);

  const cw = await newPage(browser, { width: 390, height: 844 });
  let asked = 0; // what the invitation is for is asked once, however long the person takes to type
  cw.on('request', (r) => {
    if (r.url().endsWith('/invitation')) asked++; // /api/sessions/<id>/invitation, after /api/resolve
  });
  const invite = `${server.url}/invite#${inviteSecret(s, 'caseworker')}`;
  await cw.goto(invite);
  await expect(cw.getByRole('heading', { name: 'Join Family K as the caseworker' })).toBeVisible();
  await expect(cw).toHaveTitle('Join Family K as the caseworker · groupmap');
  await expectAccessible(cw, 'invitation page');
  await screenshot(cw, 'invite-caseworker-390');
  await cw.getByLabel('Your name or initials').pressSequentially('Cas', { delay: 100 });
  await cw.waitForTimeout(500);
  expect(asked).toBe(1);
  await cw.getByRole('button', { name: 'Join' }).click();
  await expect(cw).toHaveURL(new RegExp(`/s/${s.sessionId}$`));
  await cw.goto(invite);
  await expect(cw).toHaveURL(new RegExp(`/s/${s.sessionId}$`));
  await expect(cw.getByText(/Caseworker Cas/)).toBeVisible();
  await expect(cw).toHaveTitle('Family K: Introductions · groupmap');
  expect(members().filter((m) => m.role === 'caseworker')).toHaveLength(1);

  // A phone that joined by typing the code and goes Back, then types the code again, is still itself.
  const phone = await newPage(browser, { width: 375, height: 667 });
  await phone.goto(`${server.url}/join`);
  await phone.getByLabel('Code from the shared screen').fill(s.participants.code);
  await phone.getByLabel('Your name or initials').fill('Pat');
  await phone.getByRole('button', { name: 'Join' }).click();
  await expect(phone).toHaveURL(new RegExp(`/s/${s.sessionId}$`));
  await phone.goto(`${server.url}/join`);
  await phone.getByLabel('Code from the shared screen').fill(s.participants.code);
  await phone.getByLabel('Your name or initials').fill('Pat');
  await phone.getByRole('button', { name: 'Join' }).click();
  await expect(phone).toHaveURL(new RegExp(`/s/${s.sessionId}$`));
  expect(members().filter((m) => m.role === 'participant')).toHaveLength(1);
});

test('each way a code or link can fail has its own message', async ({ browser }) => {
  const s = await createSession(server.url, { title: 'Family L', facilitatorName: 'Fran' });
  const F = new TestClient(server.url, s.facilitatorToken);
  clients.push(F);
  await F.connected();
  const phone = await newPage(browser, { width: 360, height: 640 });
  const tryCode = async (code: string) => {
    await phone.goto(`${server.url}/join/${code}`);
    await phone.getByLabel('Your name or initials').fill('Pat');
    await phone.getByRole('button', { name: 'Join' }).click();
  };
  await tryCode('ZZZZZZ');
  await expect(phone.getByRole('alert')).toHaveText(/No session has that code/);
  await expectAccessible(phone, 'join page with an error');
  await F.ok({ type: 'session.lock', locked: true });
  await tryCode(s.participants.code);
  await expect(phone.getByRole('alert')).toHaveText(/closed this session to new people/);
  await F.ok({ type: 'session.lock', locked: false });
  await F.ok({ type: 'session.end' });
  await tryCode(s.participants.code);
  await expect(phone.getByRole('alert')).toHaveText(/has ended/);
  await F.ok({ type: 'session.purge' });
  await tryCode(s.participants.code);
  await expect(phone.getByRole('alert')).toHaveText(/has been deleted/);
  await phone.goto(`${server.url}/invite#${inviteSecret(s, 'advisor')}`);
  await expect(phone.getByRole('alert')).toHaveText(/has been deleted/);
  // A link that never existed is not "deleted": it was copied wrong.
  await phone.goto(`${server.url}/invite#not-a-real-invitation-secret`);
  await expect(phone.getByRole('alert')).toHaveText(/not valid/);
});

test('the facilitator takes someone out: their phone says so, keeps nothing of the session, and cannot come back in', async ({
  browser,
}) => {
  const s = await createSession(server.url, { title: 'Family R', facilitatorName: 'Fran' });
  const fac = await newPage(browser);
  await fac
    .context()
    .addInitScript(([id, t]) => localStorage.setItem(`groupmap:token:${id}`, t!), [s.sessionId, s.facilitatorToken]);
  fac.on('dialog', (d) => void d.accept());
  await fac.goto(`${server.url}/s/${s.sessionId}`);
  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${server.url}/join/${s.participants.code}`);
  await phone.getByLabel('Your name or initials').fill('Stranger');
  await phone.getByRole('button', { name: 'Join' }).click();
  await expect(phone.getByText('Family R')).toBeVisible();

  await fac.getByRole('button', { name: 'Session', exact: true }).click();
  await fac.getByText(/in the session$/).click(); // the list of who is in
  await expect(fac.getByRole('button', { name: 'Remove Stranger' })).toBeVisible();
  await expect(fac.getByRole('button', { name: 'Remove Fran' })).toHaveCount(0);
  await screenshot(fac, 'members-remove-1366');
  await expectAccessible(fac, 'the session drawer with who is in');
  await fac.getByRole('button', { name: 'Remove Stranger' }).click();

  await expect(phone.getByRole('status')).toHaveText(/taken you out of this session/);
  await expect(phone.getByText('Family R')).toHaveCount(0);
  await screenshot(phone, 'members-removed-390');
  await expectAccessible(phone, 'a phone taken out of the session');
  expect(await phone.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('groupmap:token')))).toEqual(
    [],
  );
  await phone.reload();
  await expect(phone.getByText('Family R')).toHaveCount(0);
  await expect(fac.getByRole('button', { name: 'Remove Stranger' })).toHaveCount(0);
});
