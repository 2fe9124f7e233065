/**
 * The room's two screens, measured as a person in the room would see them (issue 15): the
 * facilitator's cockpit at 1366x768 runs every step without scrolling the page; the shared screen
 * at 1280x720 and 1920x1080 shows every item read out whole, the join code whole, and the family
 * large enough for the back row; a key pressed after a console control never reaches the board;
 * and axe finds nothing on either screen.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { appServerForFile, expectAccessible, screenshot } from './support.js';

const LAPTOP = { width: 1366, height: 768 };
const PROJECTORS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

const file = appServerForFile();
const { clients, openAs } = file;

/** A session with a screen and four phones; the facilitator also drives over a socket where the page is not under test. */
async function room(opts: { newToMethod?: boolean } = {}) {
  const s = await createSession(file.server.url, { title: 'Family K', facilitatorName: 'Fran', ...opts });
  const screenToken = (await join(file.server.url, { invite: inviteSecret(s, 'screen'), name: 'Screen' })).token;
  const F = new TestClient(file.server.url, s.facilitatorToken);
  const phones: TestClient[] = [];
  for (const name of ['Pat', 'Sam', 'Lee', 'Jo']) {
    phones.push(
      new TestClient(file.server.url, (await join(file.server.url, { code: s.participants.code, name })).token),
    );
  }
  clients.push(F, ...phones);
  await Promise.all([F.connected(), ...phones.map((p) => p.connected())]);
  return { s, screenToken, F, phones };
}

const QUESTIONS = [
  'Who else has noticed the evenings going better, and what exactly did they see happening at home?',
  'When Dad is calm at bedtime, what is he doing differently from the nights that go badly?',
  'What would Grandma say is working well when she stays over at the weekend with the children?',
  'On the nights Kai sleeps well, what happened earlier that day, at school and after school?',
  'Who helps Mum when the baby will not settle, and how do they know that it is time to come?',
  'What would the school say about how Kai arrives in the mornings on the good days this term?',
  'When has Dad asked for help before, who did he ask, and what happened after he asked them?',
  'What does Mia do that tells Mum she feels safe, and who else would notice the same thing?',
  'If the evenings went well every night for a month, what would everyone in the family notice first?',
];

async function writeQuestions(phones: TestClient[]) {
  for (const [i, text] of QUESTIONS.entries()) {
    await phones[i % phones.length]!.ok({
      type: 'item.submit',
      itemId: `q-item-000${i}`,
      stageId: 'working-well',
      text,
    });
  }
}

/** The part of an element's box inside the viewport. */
async function visibleBox(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  if (!box) return { width: 0, height: 0, whole: false };
  const width = Math.min(box.x + box.width, viewport.width) - Math.max(box.x, 0);
  const height = Math.min(box.y + box.height, viewport.height) - Math.max(box.y, 0);
  const whole =
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= viewport.width + 0.5 &&
    box.y + box.height <= viewport.height + 0.5;
  return { width: Math.max(0, width), height: Math.max(0, height), whole };
}

async function pageScrolls(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    return root.scrollHeight > window.innerHeight + 1 || root.scrollWidth > window.innerWidth + 1;
  });
}

test('the cockpit at 1366x768 runs every step of a question round without scrolling the page', async ({ browser }) => {
  const { s, F, phones } = await room();
  for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' });
  await writeQuestions(phones);
  const fac = await openAs(browser, s.sessionId, s.facilitatorToken, LAPTOP);
  await expect(fac.locator('[data-board-status="synced-remote"]')).toBeVisible({ timeout: 20_000 });
  for (const step of ['Write', 'Read out', 'Choose', 'Map', 'Hand over', 'Check-in']) {
    await expect(fac.getByRole('heading', { level: 1, name: new RegExp(`· ${step}$`) })).toBeVisible();
    if (step === 'Read out')
      for (const text of QUESTIONS) await fac.getByRole('button', { name: `Read out: ${text}` }).click();
    expect(await pageScrolls(fac), `the page scrolls in ${step}`).toBe(false);
    const next = fac.getByRole('button', { name: /^(Next (step|stage):|Hand over to the caseworker)/ });
    expect((await visibleBox(fac, next)).whole, `the next action in ${step}`).toBe(true);
    expect((await visibleBox(fac, fac.getByRole('timer', { name: 'Step time' }))).whole, `the timer in ${step}`).toBe(
      true,
    );
    const board = await visibleBox(fac, fac.locator('.tl-canvas'));
    expect(board.width, `board width in ${step}`).toBeGreaterThanOrEqual(300);
    expect(board.height, `board height in ${step}`).toBeGreaterThanOrEqual(300);
    await screenshot(fac, `cockpit-1366-${step.toLowerCase().replace(' ', '-')}`);
    if (step === 'Hand over') {
      await next.click(); // the hand-over itself is the next action here
      await expect(fac.getByRole('button', { name: 'Next step: Check-in' })).toBeVisible();
      await next.click();
    } else if (step !== 'Check-in') {
      await next.click();
    }
  }
  await expectAccessible(fac, 'the cockpit');
});

test('a key pressed after a console control never reaches the board', async ({ browser }) => {
  const { s, F } = await room();
  await F.ok({ type: 'stage.advance' }); // the genogram
  const fac = await openAs(browser, s.sessionId, s.facilitatorToken, LAPTOP);
  await expect(fac.locator('[data-board-status="synced-remote"]')).toBeVisible({ timeout: 20_000 });
  const kit = fac.getByRole('complementary', { name: 'Genogram kit' });
  await kit.getByLabel('Name').fill('Dad');
  await kit.getByLabel('Age').fill('34');
  await kit.getByRole('button', { name: '□ Male' }).click();
  const label = fac.locator('.tl-shape').getByText('Dad, 34');
  await expect(label).toBeVisible();
  /** Dad selected on the board, which has the keyboard: nothing selected first, then one click on him. */
  const selectDad = async () => {
    await fac.keyboard.press('Escape');
    await label.click();
  };
  const board = async () =>
    JSON.stringify((await file.server.server.boards.records(s.sessionId)).sort((a, b) => a.id.localeCompare(b.id)));
  await expect.poll(async () => (await board()).includes('Dad, 34')).toBe(true);
  await selectDad();
  const before = await board();
  const deadline = await fac.getByRole('timer', { name: 'Stage time' }).getAttribute('data-deadline');
  await fac.getByRole('button', { name: '+1 min' }).click();
  await fac.keyboard.press('r');
  await fac.keyboard.press('Delete');
  await fac.waitForTimeout(800);
  expect(await board()).toBe(before);
  await expect(label).toBeVisible();
  await expect(fac.getByTestId('tools.select')).toHaveAttribute('aria-pressed', 'true');
  // The console control itself worked.
  await expect(fac.getByRole('timer', { name: 'Stage time' })).not.toHaveAttribute('data-deadline', deadline!);
  // And the same key does reach the board once it has the keyboard again (so this test would see a leak).
  await selectDad();
  await fac.keyboard.press('Delete');
  await expect.poll(board).not.toBe(before);
});

for (const viewport of PROJECTORS) {
  test(`the screen at ${viewport.width}x${viewport.height} shows each of nine items read out whole`, async ({
    browser,
  }) => {
    const { s, screenToken, F, phones } = await room();
    for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' });
    await writeQuestions(phones);
    const scr = await openAs(browser, s.sessionId, screenToken, viewport);
    await expect(scr.getByText('9 written so far')).toBeVisible();
    await F.ok({ type: 'step.advance' });
    const list = scr.getByRole('list', { name: 'Read out' });
    const container = scr.locator('.read-out');
    const wholeOnScreen = async (text: string) => {
      const item = list.getByRole('listitem').filter({ hasText: text });
      if ((await item.count()) === 0) return false;
      const box = (await item.boundingBox())!;
      const area = (await container.boundingBox())!;
      return (
        (await visibleBox(scr, item)).whole && box.y >= area.y - 0.5 && box.y + box.height <= area.y + area.height + 0.5
      );
    };
    for (const [i, text] of QUESTIONS.entries()) {
      await F.ok({ type: 'item.readOut', itemId: `q-item-000${i}` });
      // The newest is always on screen, whole, as soon as it is read out.
      await expect.poll(() => wholeOnScreen(text), { timeout: 5000 }).toBe(true);
    }
    // And every earlier one is shown whole too, on its page if the list is paged.
    for (const text of QUESTIONS) await expect.poll(() => wholeOnScreen(text), { timeout: 35_000 }).toBe(true);
    expect(await pageScrolls(scr)).toBe(false);
    await screenshot(scr, `screen-${viewport.width}-read-out-9`);
    await expectAccessible(scr, `the screen at ${viewport.width}`);
  });
}

test('the screen at 1280x720 pages a long read-out by itself, newest page first, never clipping an item', async ({
  browser,
}) => {
  const { s, screenToken, F, phones } = await room();
  for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' });
  const many = [...QUESTIONS, ...QUESTIONS.map((q) => `And again: ${q}`)];
  for (const [i, text] of many.entries()) {
    await phones[i % phones.length]!.ok({
      type: 'item.submit',
      itemId: `long-item-${i}`,
      stageId: 'working-well',
      text,
    });
  }
  await F.ok({ type: 'step.advance' });
  for (const [i] of many.entries()) await F.ok({ type: 'item.readOut', itemId: `long-item-${i}` });
  const scr = await openAs(browser, s.sessionId, screenToken, PROJECTORS[0]!);
  const list = scr.getByRole('list', { name: 'Read out' });
  await expect(scr.getByText(/^Page \d of \d$/)).toBeVisible();
  const seenWhole = new Set<string>();
  const look = async () => {
    const area = (await scr.locator('.read-out').boundingBox())!;
    for (const text of many) {
      const item = list.getByRole('listitem').filter({ hasText: text });
      if ((await item.count()) !== 1) continue;
      const box = (await item.boundingBox())!;
      if (box.y >= area.y - 0.5 && box.y + box.height <= area.y + area.height + 0.5) seenWhole.add(text);
    }
    return seenWhole.size;
  };
  // The newest page first, with the newest item on it.
  await look();
  expect(seenWhole.has(many.at(-1)!)).toBe(true);
  await expect.poll(look, { timeout: 45_000, intervals: [1000] }).toBe(many.length);
  expect(await pageScrolls(scr)).toBe(false);
});

test('the join QR code and code are whole at 720p in stage 1, the group new to the method', async ({ browser }) => {
  const { s, screenToken } = await room({ newToMethod: true });
  const scr = await openAs(browser, s.sessionId, screenToken, PROJECTORS[0]!);
  const qr = scr.getByRole('img', { name: /QR code to join/ });
  await expect(qr).toBeVisible();
  expect((await visibleBox(scr, qr)).whole).toBe(true);
  const code = scr.locator('.lobby-code .code');
  await expect(code).toHaveText(`${s.participants.code.slice(0, 3)} ${s.participants.code.slice(3)}`);
  expect((await visibleBox(scr, code)).whole).toBe(true);
  await expect(scr.getByText(/is the only person who talks to the caseworker/)).toBeVisible();
  await expect(scr.getByText(/6 here: Fran, Screen|5 here: Fran, Pat, Sam, Lee, Jo/)).toBeVisible();
  expect(await pageScrolls(scr)).toBe(false);
  await screenshot(scr, 'screen-1280-lobby');
  await expectAccessible(scr, 'the lobby');
});

test("the family's names are at least 24 px tall on the 1080p screen", async ({ browser }) => {
  const { s, screenToken, F } = await room();
  await F.ok({ type: 'stage.advance' }); // the genogram
  const fac = await openAs(browser, s.sessionId, s.facilitatorToken, LAPTOP);
  const scr = await openAs(browser, s.sessionId, screenToken, PROJECTORS[1]!);
  await expect(fac.locator('[data-board-status="synced-remote"]')).toBeVisible({ timeout: 20_000 });
  const kit = fac.getByRole('complementary', { name: 'Genogram kit' });
  for (const [name, age, sex] of [
    ['Dad', '34', '□ Male'],
    ['Mum', '31', '○ Female'],
    ['Kai', '6', '□ Male'],
    ['Mia', '3', '○ Female'],
  ] as const) {
    await kit.getByLabel('Name').fill(name);
    await kit.getByLabel('Age').fill(age);
    await kit.getByRole('button', { name: sex }).click();
  }
  for (const label of ['Dad, 34', 'Mum, 31', 'Kai, 6', 'Mia, 3']) {
    const text = scr.locator('.tl-shape').getByText(label);
    await expect(text).toBeVisible();
    await expect
      .poll(async () => (await text.boundingBox())?.height ?? 0, { timeout: 5000 })
      .toBeGreaterThanOrEqual(24);
    expect((await visibleBox(scr, text)).whole).toBe(true);
  }
  // Nobody's cursor or name tag on the screen.
  await expect(scr.locator('.tl-collaborators')).toHaveCount(0);
  await screenshot(scr, 'screen-1920-genogram');
  await expectAccessible(scr, 'the screen in the genogram');
});

test('the genogram kit: later children by the same clicks as the first, no stacking, no stale message', async ({
  browser,
}) => {
  const { s, F } = await room();
  await F.ok({ type: 'stage.advance' }); // the genogram
  const fac = await openAs(browser, s.sessionId, s.facilitatorToken, LAPTOP);
  await expect(fac.locator('[data-board-status="synced-remote"]')).toBeVisible({ timeout: 20_000 });
  const kit = fac.getByRole('complementary', { name: 'Genogram kit' });
  const add = async (name: string, button: string) => {
    await kit.getByLabel('Name').fill(name);
    await kit.getByRole('button', { name: button }).click();
  };
  const onBoard = (text: string) => fac.locator('.tl-shape').getByText(text, { exact: true });
  await add('Dad', '□ Male');
  await add('Mum', '○ Female');
  await onBoard('Dad').click();
  await onBoard('Mum').click({ modifiers: ['Shift'] });
  await kit.getByRole('button', { name: 'Married' }).click();
  await add('Kai', '□ Male');
  await add('Mia', '○ Female');
  // A message for a wrong selection goes as soon as the selection changes.
  await fac.keyboard.press('Escape');
  await kit.getByRole('button', { name: 'Child', exact: true }).click();
  await expect(kit.getByRole('alert')).toBeVisible();
  await onBoard('Kai').click();
  await expect(kit.getByRole('alert')).toHaveCount(0);
  // First child: both parents, then the child.
  await onBoard('Dad').click();
  await onBoard('Mum').click({ modifiers: ['Shift'] });
  await onBoard('Kai').click({ modifiers: ['Shift'] });
  await kit.getByRole('button', { name: 'Child', exact: true }).click();
  await expect(kit.getByRole('alert')).toHaveCount(0);
  // The parents stay selected: the second child is one shift-click and the same button.
  await onBoard('Mia').click({ modifiers: ['Shift'] });
  await kit.getByRole('button', { name: 'Child', exact: true }).click();
  await expect(kit.getByRole('alert')).toHaveCount(0);
  const childLines = async () =>
    (await file.server.server.boards.records(s.sessionId)).filter(
      (r) => (r as { meta?: { genogram?: string } }).meta?.genogram === 'child',
    ).length;
  await expect.poll(childLines).toBe(2);
  // A child added after the others were moved down stands beside them, not on top of one of them.
  await add('Zoe', '○ Female');
  await onBoard('Dad').click();
  await onBoard('Mum').click({ modifiers: ['Shift'] });
  await onBoard('Zoe').click({ modifiers: ['Shift'] });
  await kit.getByRole('button', { name: 'Child', exact: true }).click();
  await expect.poll(childLines).toBe(3);
  for (const name of ['Kai', 'Mia', 'Zoe']) await onBoard(name).click({ timeout: 5000 }); // none is covered
  // Two quick clicks put two people in two places.
  const people = async () =>
    (await file.server.server.boards.records(s.sessionId))
      .filter((r) => (r as { meta?: { genogram?: string } }).meta?.genogram === 'person')
      .map((r) => `${(r as { x: number }).x},${(r as { y: number }).y}`);
  await expect.poll(async () => (await people()).length).toBe(5);
  await kit.getByRole('button', { name: '◇ Unknown / other' }).dblclick();
  await expect.poll(async () => (await people()).length).toBe(7);
  expect(new Set(await people()).size).toBe(7);
  // In the next stage the kit folds away, and no message follows it there.
  await fac.getByRole('button', { name: /^Next stage:/ }).click();
  await expect(fac.getByRole('button', { name: 'Genogram kit' })).toHaveAttribute('aria-expanded', 'false');
});

test('the keys: N, B, P, + and R do what their buttons say, ? lists them, and typing is left alone', async ({
  browser,
}) => {
  const { s, F, phones } = await room();
  for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' });
  await F.ok({ type: 'timer.start' }).catch(() => undefined);
  await writeQuestions(phones);
  const fac = await openAs(browser, s.sessionId, s.facilitatorToken, LAPTOP);
  const heading = fac.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('Write');
  await fac.keyboard.press('n');
  await expect(heading).toContainText('Read out');
  await fac.keyboard.press('r'); // the first unread
  await expect(fac.getByRole('button', { name: `Unmark read: ${QUESTIONS[0]}` })).toBeVisible();
  await fac.keyboard.press('b');
  await expect(heading).toContainText('Write');
  await fac.keyboard.press('p');
  await expect(fac.getByRole('button', { name: 'Resume' })).toBeVisible();
  await fac.keyboard.press('p');
  await expect(fac.getByRole('button', { name: 'Pause' })).toBeVisible();
  const deadline = await fac.getByRole('timer', { name: 'Step time' }).getAttribute('data-deadline');
  await fac.keyboard.press('+');
  await expect(fac.getByRole('timer', { name: 'Step time' })).not.toHaveAttribute('data-deadline', deadline!);
  // Typing into a field never moves the meeting on.
  await fac.getByText('Write your own').click();
  await fac.getByRole('textbox', { name: "What's working well question" }).fill('nnnn bbb');
  await expect(heading).toContainText('Write');
  await fac.getByRole('textbox', { name: "What's working well question" }).blur();
  await fac.keyboard.press('?');
  const help = fac.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByText('pause or resume the clock')).toBeVisible();
  await expectAccessible(fac, 'the shortcuts dialog');
  await fac.keyboard.press('Escape');
  await expect(help).toBeHidden();
});
