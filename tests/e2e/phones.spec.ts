/**
 * Phones: join by the QR's URL and by typing the code, write in every stage that collects items,
 * survive going offline and a server restart mid-writing. Every item must arrive exactly once and
 * show as delivered.
 */
import { type Browser, type BrowserContext, devices, expect, type Page, test } from '@playwright/test';
import type { CreateSessionResponse } from '../../shared/protocol.js';
import { createSession, TestClient } from '../helpers/client.js';
import { type TestServer, tempDataDir } from '../helpers/server.js';
import { cspViolations, expectAccessible, screenshot, startAppServer, watchCsp } from './support.js';

const { defaultBrowserType: _iphoneEngine, ...IPHONE } = devices['iPhone 13'];
const SMALL_ANDROID = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let server: TestServer;
let dataDir: string;
const contexts: BrowserContext[] = [];
const clients: TestClient[] = [];

test.beforeEach(async () => {
  dataDir = tempDataDir();
  server = await startAppServer(dataDir);
});
test.afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const c of contexts.splice(0)) await c.close();
  await server?.stop();
  expect(cspViolations, 'CSP refusals in the built client').toEqual([]);
  expect(phoneScripts.length, 'the phones loaded their scripts').toBeGreaterThan(0);
  expect(phoneScripts.filter((p) => /\/(Board|Cockpit|ScreenPanel)-/.test(p))).toEqual([]);
  phoneScripts.length = 0;
});

/** Every script a phone fetched: the board's code (tldraw, most of the app) must never be one. */
const phoneScripts: string[] = [];

async function phone(browser: Browser, descriptor: Parameters<Browser['newContext']>[0]): Promise<Page> {
  const context = await browser.newContext(descriptor);
  contexts.push(context);
  context.on('request', (r) => {
    if (r.resourceType() === 'script') phoneScripts.push(new URL(r.url()).pathname);
  });
  return watchCsp(await context.newPage());
}

async function facilitator(): Promise<{ session: CreateSessionResponse; F: TestClient }> {
  const session = await createSession(server.url, { title: 'Family K', facilitatorName: 'Fran' });
  const F = new TestClient(server.url, session.facilitatorToken);
  clients.push(F);
  await F.connected();
  return { session, F };
}

/** Items of this session on the server with this text: must be exactly one each. */
function countOnServer(sessionId: string, text: string): number {
  const live = server.server.hub.get(sessionId)!;
  return Object.values(live.state.items).filter((i) => i.text === text && !i.withdrawn).length;
}

async function write(page: Page, text: string, element?: string) {
  if (element) await page.getByRole('radio', { name: element }).check();
  await page.getByRole('textbox').first().fill(text);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
}

const delivered = (page: Page, text: string) =>
  expect(page.getByRole('listitem').filter({ hasText: text }).getByText('✓ delivered')).toBeVisible();

test('iPhone: join by the QR URL, write in every stage, strongest, edit, withdraw, offline and a server restart', async ({
  browser,
}) => {
  const { session, F } = await facilitator();
  const page = await phone(browser, IPHONE);
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(r.url()));
  await page.goto(session.participants.joinUrl.replace(/^http:\/\/[^/]+/, server.url)); // the QR's URL
  await expectAccessible(page, 'join page (QR)');
  await page.getByLabel('Your name or initials').fill('Pat');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText('Participant Pat')).toBeVisible();
  await expect(page.getByText(/Waiting for the facilitator to start/)).toBeVisible();

  // Scanning the QR again on the same phone restores the same identity.
  await page.goto(`${server.url}/join/${session.participants.code}`);
  await expect(page.getByText('Participant Pat')).toBeVisible();
  expect(
    Object.values(server.server.hub.get(session.sessionId)!.state.members).filter((m) => m.role === 'participant'),
  ).toHaveLength(1);

  // Rough statements carry danger or safety goal.
  for (let i = 0; i < 4; i++) await F.ok({ type: 'stage.advance' });
  await expect(page.getByRole('heading', { name: /Rough danger statement/ })).toBeVisible();
  await write(page, 'Rough: children alone at night', 'Rough danger statement');
  await delivered(page, 'Rough: children alone at night');

  // What's working well: tips, several items, strongest, edit and withdraw.
  await F.ok({ type: 'stage.advance' });
  await page.getByText('Ideas for good questions').click();
  await expect(page.getByText('Relationship', { exact: true })).toBeVisible();
  await write(page, 'WW one: who else has noticed?');
  await write(page, 'WW two: when is bedtime calm?');
  await write(page, 'WW three: to withdraw');
  await delivered(page, 'WW two: when is bedtime calm?');
  const itemRow = (text: string) => page.getByRole('listitem').filter({ hasText: text });
  // Each button names its item, for a screen reader moving from button to button.
  const strongest = page.getByRole('button', { name: 'Strongest: WW one: who else has noticed?' });
  await expect(strongest).toHaveAttribute('aria-pressed', 'false');
  await strongest.click();
  await expect(strongest).toHaveAttribute('aria-pressed', 'true');
  await expect(strongest).toHaveText('★ Strongest');
  await itemRow('WW two').getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit' }).fill('WW two: when is bedtime calm, and who is there?');
  await page.getByRole('button', { name: 'Save' }).click();
  await delivered(page, 'WW two: when is bedtime calm, and who is there?');
  // Withdraw can be undone for a few seconds; then it is sent.
  await page.getByRole('button', { name: 'Withdraw: WW three: to withdraw' }).click();
  await page.getByRole('button', { name: 'Undo withdraw: WW three: to withdraw' }).click();
  await delivered(page, 'WW three: to withdraw');
  await page.getByRole('button', { name: 'Withdraw: WW three: to withdraw' }).click();
  await expect(page.getByText('Withdrawn: WW three: to withdraw')).toBeVisible();
  await expect(itemRow('WW three')).toHaveCount(0, { timeout: 10_000 });
  await expect.poll(() => countOnServer(session.sessionId, 'WW three: to withdraw')).toBe(0);
  await expectAccessible(page, 'phone while writing');
  await screenshot(page, 'phone-iphone-writing');

  // Offline: items wait on the phone, then arrive once.
  await page.context().setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: 'Connection lost' })).toBeVisible();
  await write(page, 'WW offline A');
  await write(page, 'WW offline B');
  await expect(itemRow('WW offline A').getByText(/Waiting to send/)).toBeVisible();
  await screenshot(page, 'phone-iphone-offline');
  await page.context().setOffline(false);
  await delivered(page, 'WW offline A');
  await delivered(page, 'WW offline B');

  // Scaling, harm (with its element), danger, safety goals.
  await F.ok({ type: 'stage.advance' });
  await write(page, 'Scaling: where are things now, 0 to 10?', 'Safety scaling question');
  await F.ok({ type: 'stage.advance' });
  await write(page, 'Harm: how often has this happened?', 'Incidence / chronicity');
  await expect(itemRow('Harm: how often').getByText('Incidence / chronicity')).toBeVisible();

  // The server restarts mid-writing: the item waits and is delivered once it is back.
  const port = server.port;
  await server.stop();
  await expect(page.getByRole('status').filter({ hasText: 'Connection lost' })).toBeVisible();
  await write(page, 'Harm: written while the server was down', 'Impact');
  await expect(itemRow('written while the server was down').getByText(/Waiting to send/)).toBeVisible();
  server = await startAppServer(dataDir, port);
  await delivered(page, 'Harm: written while the server was down');
  await expect(page.getByRole('status').filter({ hasText: 'Connection lost' })).toHaveCount(0);

  const F2 = new TestClient(server.url, session.facilitatorToken);
  clients.push(F2);
  await F2.connected();
  await F2.ok({ type: 'stage.advance' });
  await write(page, 'Danger: plain words statement');
  await F2.ok({ type: 'stage.advance' });
  await write(page, 'Safety goal: CPS want Tilly to live with Dad because…');
  await F2.ok({ type: 'stage.advance' }); // review starts at its check-in
  await F2.ok({ type: 'step.advance' }); // a further round: write
  // The check-in has a text box of its own: write only once the phone shows the writing step.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Review and next steps · Write');
  await write(page, 'Further: what about school?');
  await F2.ok({ type: 'stage.advance' }); // process review
  await write(page, 'Process: the timer helped', 'What was useful');
  await delivered(page, 'Process: the timer helped');

  // The phone never fetched the board's code or tldraw's assets.
  expect(loaded.filter((u) => /Board-|tldraw|\/board\//i.test(u))).toEqual([]);

  // Everything arrived exactly once.
  const texts = [
    'Rough: children alone at night',
    'WW one: who else has noticed?',
    'WW two: when is bedtime calm, and who is there?',
    'WW offline A',
    'WW offline B',
    'Scaling: where are things now, 0 to 10?',
    'Harm: how often has this happened?',
    'Harm: written while the server was down',
    'Danger: plain words statement',
    'Safety goal: CPS want Tilly to live with Dad because…',
    'Further: what about school?',
    'Process: the timer helped',
  ];
  for (const text of texts) expect(countOnServer(session.sessionId, text), text).toBe(1);
  expect(countOnServer(session.sessionId, 'WW three: to withdraw')).toBe(0);
  expect(Object.values(server.server.hub.get(session.sessionId)!.state.items).filter((i) => !i.withdrawn)).toHaveLength(
    texts.length,
  );
});

test('small Android: join by typing the code in lower case, write, and see what was read out', async ({ browser }) => {
  const { session, F } = await facilitator();
  const page = await phone(browser, SMALL_ANDROID);
  await page.goto(`${server.url}/join`);
  const code = session.participants.code;
  await page
    .getByLabel('Code from the shared screen')
    .fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`);
  await page.getByLabel('Your name or initials').fill('S.M.');
  await screenshot(page, 'phone-android-join');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText('Participant S.M.')).toBeVisible();
  for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' });
  await write(page, 'What would Grandma say is working well?');
  await delivered(page, 'What would Grandma say is working well?');
  // Someone else's unread item never shows; once read out it does.
  const other = await createOtherParticipant(session);
  await other.ok({
    type: 'item.submit',
    itemId: 'other-item-1',
    stageId: 'working-well',
    text: 'Another participant’s question',
  });
  await expect(page.getByText('Another participant’s question')).toHaveCount(0);
  await F.ok({ type: 'step.advance' });
  await F.ok({ type: 'item.readOut', itemId: 'other-item-1' });
  await expect(page.getByText('Another participant’s question')).toBeVisible();
  await expect(page.getByText(/Writing is closed for now/)).toBeVisible();
  await expectAccessible(page, 'phone (Android) after the read-out');
  await screenshot(page, 'phone-android-read');
  expect(countOnServer(session.sessionId, 'What would Grandma say is working well?')).toBe(1);
});

async function createOtherParticipant(session: CreateSessionResponse): Promise<TestClient> {
  const { join } = await import('../helpers/client.js');
  const joined = await join(server.url, { code: session.participants.code, name: 'Other' });
  const c = new TestClient(server.url, joined.token);
  clients.push(c);
  await c.connected();
  return c;
}

/** Inside what the person can see: the (visual) viewport, whole. */
async function inView(page: Page, locator: ReturnType<Page['locator']>): Promise<boolean> {
  const box = await locator.boundingBox();
  const height = await page.evaluate(() => window.visualViewport?.height ?? window.innerHeight);
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

for (const size of [
  { width: 360, height: 640 },
  { width: 375, height: 667 },
  { width: 390, height: 844 },
]) {
  test(`${size.width}x${size.height}: with the keyboard open the box and Add stay in view, focus returns, delivery shows`, async ({
    browser,
  }) => {
    const { session, F } = await facilitator();
    const page = await phone(browser, { viewport: size, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(`${server.url}/join/${session.participants.code}`);
    await page.getByLabel('Your name or initials').fill('Pat');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByText(/Waiting for the facilitator to start/)).toBeVisible();
    for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' }); // what's working well: writing
    // The header says what its clock counts.
    await expect(page.getByText('Writing time left')).toBeVisible();
    const box = page.getByRole('textbox', { name: "What's working well question" });
    const add = page.getByRole('button', { name: 'Add', exact: true });
    for (const text of ['Who helps at bedtime?', 'What would school say is going well?', 'Who else knows?'])
      await write(page, text);
    // The keyboard takes about 40% of the screen: what is left must hold the box and Add.
    await page.setViewportSize({ width: size.width, height: Math.round(size.height * 0.6) });
    await box.focus();
    await expect.poll(() => inView(page, box)).toBe(true);
    await expect.poll(() => inView(page, add)).toBe(true);
    await box.fill('What does Kai say keeps him safe?');
    await page.keyboard.press('Control+Enter');
    await expect(box).toBeFocused();
    await expect(box).toHaveValue('');
    // Newest first, right under the form: the new item and its delivery are in view.
    const newest = page.getByRole('listitem').filter({ hasText: 'What does Kai say keeps him safe?' });
    await expect(newest.getByText('✓ delivered')).toBeVisible();
    await expect(page.locator('ol.items.mine > li').first()).toContainText('What does Kai say keeps him safe?');
    // With the keyboard up, the line beside Add says it arrived (and tells a screen reader, politely).
    const sent = page.locator('.last-sent');
    await expect(sent).toHaveText(/✓ Delivered: What does Kai say/);
    await expect(sent).toHaveAttribute('aria-live', 'polite');
    await expect.poll(() => inView(page, sent)).toBe(true);
    await screenshot(page, `phone-${size.width}-keyboard`);
    await page.setViewportSize(size);
    await expectAccessible(page, `phone ${size.width} writing`);
    await F.ok({ type: 'session.end' });
    await expect(page.getByRole('heading', { name: 'The session has ended' })).toBeVisible();
    await expect(page.getByText(/Listen for the read-out/)).toHaveCount(0);
  });
}
