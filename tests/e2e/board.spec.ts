/**
 * The whiteboard in real browsers: the facilitator draws a genogram with the kit, the caseworker's
 * and the screen's boards show it within a second, the caseworker cannot edit, a server restart
 * keeps the board, a chosen item lands in the next steps, and the board's image reaches the pack.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { type TestServer, tempDataDir } from '../helpers/server.js';
import { cspViolations, expectAccessible, screenshot, startAppServer, watchCsp } from './support.js';

let server: TestServer;
let dataDir: string;
const contexts: BrowserContext[] = [];
const clients: TestClient[] = [];

test.beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startAppServer(dataDir);
});
test.afterAll(async () => {
  for (const c of clients) c.close();
  for (const c of contexts) await c.close();
  await server?.stop();
  expect(cspViolations, 'CSP refusals in the built client').toEqual([]);
});

/** Every WebSocket address the browsers opened: no personal token may ride in one (a proxy logs them). */
const boardSocketUrls: string[] = [];

async function openAs(
  browser: Browser,
  sessionId: string,
  token: string,
  viewport = { width: 1366, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  await context.addInitScript(([id, t]) => localStorage.setItem(`groupmap:token:${id}`, t!), [sessionId, token]);
  const page = watchCsp(await context.newPage());
  page.on('websocket', (ws) => boardSocketUrls.push(ws.url()));
  await page.goto(`${server.url}/s/${sessionId}`);
  await expect(page.locator('[data-board-status="synced-remote"]')).toBeVisible({ timeout: 20_000 });
  return page;
}

const onBoard = (page: Page, text: string) => page.locator('.tl-shape').getByText(text, { exact: false });

test('genogram kit, live boards, read-only caseworker, restart, next steps and the pack image', async ({ browser }) => {
  const s = await createSession(server.url, { title: 'Family K', facilitatorName: 'Fran' });
  const cwToken = (await join(server.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' })).token;
  const screenToken = (await join(server.url, { invite: inviteSecret(s, 'screen'), name: 'Screen' })).token;
  const F = new TestClient(server.url, s.facilitatorToken);
  clients.push(F);
  await F.connected();
  await F.ok({ type: 'stage.advance' }); // the genogram: the kit is open, the screen shows the board
  const fac = await openAs(browser, s.sessionId, s.facilitatorToken);
  const cw = await openAs(browser, s.sessionId, cwToken);
  const scr = await openAs(browser, s.sessionId, screenToken, { width: 1920, height: 1080 });

  // The template is there for everyone (the facilitator's board and the screen frame its genogram area now).
  for (const page of [fac, cw, scr]) {
    await expect(page.locator('.tl-frame-label').getByText('Genogram', { exact: true })).toBeVisible();
  }
  await expect(cw.getByText('What needs to happen?').first()).toBeVisible();

  // The facilitator draws a family with the kit.
  const kit = fac.getByRole('complementary', { name: 'Genogram kit' });
  const person = async (
    name: string,
    age: string,
    button: string,
    opts: { index?: boolean; deceased?: boolean } = {},
  ) => {
    await kit.getByLabel('Name').fill(name);
    await kit.getByLabel('Age').fill(age);
    if (opts.index) await kit.getByLabel('Index child').check();
    if (opts.deceased) await kit.getByLabel('Deceased').check();
    await kit.getByRole('button', { name: button }).click();
  };
  const started = Date.now();
  await person('Dad', '34', '□ Male');
  // Within a second of the facilitator adding him, he is on the caseworker's and the screen's boards.
  await expect(onBoard(cw, 'Dad, 34')).toBeVisible({ timeout: 1000 });
  await expect(onBoard(scr, 'Dad, 34')).toBeVisible({ timeout: 1000 });
  expect(Date.now() - started).toBeLessThan(5000);

  await person('Mum', '31', '○ Female');
  // Select both partners and join them as married.
  await onBoard(fac, 'Dad, 34').click();
  await onBoard(fac, 'Mum, 31').click({ modifiers: ['Shift'] });
  await kit.getByRole('button', { name: 'Married' }).click();
  await expect(kit.getByRole('alert')).toHaveCount(0);
  await person('Tilly', '4', '○ Female', { index: true });
  await person('Grandad', '', '□ Male', { deceased: true });
  await person('Baby', 'due May', '△ Pregnancy');
  await onBoard(fac, 'Dad, 34').click();
  await onBoard(fac, 'Mum, 31').click({ modifiers: ['Shift'] });
  await onBoard(fac, 'Tilly, 4').click({ modifiers: ['Shift'] });
  await kit.getByRole('button', { name: 'Child', exact: true }).click();
  await expect(kit.getByRole('alert')).toHaveCount(0);
  await kit.getByRole('button', { name: 'Household boundary' }).click();
  // The rest of the family follows (the one-second bound is measured on Dad above).
  for (const text of ['Mum, 31', 'Tilly, 4', 'Grandad', 'Baby, due May', 'Household']) {
    await expect(onBoard(cw, text)).toBeVisible({ timeout: 3000 });
    await expect(onBoard(scr, text)).toBeVisible({ timeout: 3000 });
  }
  const lines = await fac.locator('.tl-shape[data-shape-type="line"]').count();
  expect(lines).toBeGreaterThanOrEqual(4); // couple, child, the deceased cross
  await screenshot(fac, 'board-facilitator-genogram');

  // The caseworker's board is read-only: the kit is not offered and the tools do not draw.
  await expect(cw.getByRole('complementary', { name: 'Genogram kit' })).toHaveCount(0);
  const shapesBefore = await fac.locator('.tl-shape').count();
  const canvas = cw.locator('.tl-canvas');
  await canvas.click({ position: { x: 200, y: 200 } });
  await cw.keyboard.press('r');
  await cw.mouse.move(300, 500);
  await cw.mouse.down();
  await cw.mouse.move(420, 620, { steps: 5 });
  await cw.mouse.up();
  await cw.keyboard.press('Delete');
  await fac.waitForTimeout(800);
  expect(await fac.locator('.tl-shape').count()).toBe(shapesBefore);
  // And the server holds the caseworker's and the screen's board sessions read-only.
  const sessions = (await server.server.boards.room(s.sessionId))!.getSessions();
  expect(
    sessions.filter((x) => x.meta.role === 'caseworker' || x.meta.role === 'screen').every((x) => x.isReadonly),
  ).toBe(true);
  expect(sessions.find((x) => x.meta.role === 'facilitator')?.isReadonly).toBe(false);

  // A chosen item appears as a note in the next steps, with nobody retyping it.
  const P = new TestClient(server.url, (await join(server.url, { code: s.participants.code, name: 'Pat' })).token);
  clients.push(P);
  await P.connected();
  for (let i = 0; i < 4; i++) await F.ok({ type: 'stage.advance' });
  await P.ok({
    type: 'item.submit',
    itemId: 'board-item-1',
    stageId: 'working-well',
    text: 'Who helps Dad at bedtime?',
  });
  await F.ok({ type: 'step.advance' });
  await F.ok({ type: 'item.readOut', itemId: 'board-item-1' });
  await cw
    .getByRole('listitem')
    .filter({ hasText: 'Who helps Dad at bedtime?' })
    .getByRole('button', { name: 'Choose' })
    .click();
  // Mapping: the screen shows the board again, as the facilitator frames it.
  await F.ok({ type: 'step.advance' });
  await F.ok({ type: 'step.advance' });
  await expect(onBoard(scr, 'Who helps Dad at bedtime?')).toBeVisible({ timeout: 2000 });
  await expect(onBoard(fac, 'Who helps Dad at bedtime?')).toBeVisible({ timeout: 2000 });
  await screenshot(scr, 'board-screen-1920');
  await screenshot(cw, 'board-caseworker-1366');
  await expectAccessible(cw, 'caseworker with the board');

  // Hand over: the facilitator's browser saves the genogram and each column of the map, and the
  // record prints each on a page of its own (REC-9).
  const images = () => server.server.store.boards.loadImages(s.sessionId);
  expect(await images()).toEqual({}); // nothing handed over, nothing exported
  await F.ok({ type: 'stage.handOver' });
  await expect
    .poll(async () => Object.keys(await images()).sort(), { timeout: 10_000 })
    .toEqual(['genogram', 'needs', 'working', 'worried']);
  fs.mkdirSync(path.resolve('tests/artifacts/screens'), { recursive: true });
  for (const [part, png] of Object.entries(await images()))
    fs.writeFileSync(path.resolve(`tests/artifacts/screens/board-export-${part}.png`), png!);
  const res = await fetch(`${server.url}/api/sessions/${s.sessionId}/pack.pdf`, {
    headers: { authorization: `Bearer ${cwToken}` },
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'board-pack-')), 'pack.pdf');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', [file, '-']).toString();
  expect(text).toContain('The genogram');
  expect(text).toContain('The map: What needs to happen?');
  fs.mkdirSync(path.resolve('tests/artifacts/pack'), { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', file, path.resolve('tests/artifacts/pack/board-pack-page')]);

  // A restart of the server keeps the board: the screen reconnects and shows the same family.
  const port = server.port;
  F.close();
  P.close();
  await server.stop();
  server = await startAppServer(dataDir, port);
  // Back to the genogram, where the screen shows the family large.
  const F2 = new TestClient(server.url, s.facilitatorToken);
  clients.push(F2);
  await F2.connected();
  await F2.ok({ type: 'stage.goTo', stageId: 'genogram' });
  await scr.reload();
  await expect(scr.locator('[data-board-status="synced-remote"]')).toBeVisible({ timeout: 20_000 });
  for (const text of ['Dad, 34', 'Tilly, 4']) await expect(onBoard(scr, text)).toBeVisible();
  expect(JSON.stringify(await server.server.boards.records(s.sessionId))).toContain('Who helps Dad at bedtime?');

  // The board sockets, the restart's reconnections included, each opened with a ticket of its own.
  const boardUrls = boardSocketUrls.filter((u) => u.includes('/board/'));
  expect(boardUrls.length).toBeGreaterThanOrEqual(4);
  for (const token of [s.facilitatorToken, cwToken, screenToken])
    expect(boardUrls.filter((u) => u.includes(token))).toEqual([]);
  const tickets = boardUrls.map((u) => new URL(u).searchParams.get('ticket'));
  expect(tickets.every((t) => t && t.length >= 20)).toBe(true);
  expect(new Set(tickets).size).toBe(tickets.length);
});
