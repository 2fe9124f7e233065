/**
 * The room's screens in real browsers: facilitator (laptop), advisor, caseworker and the shared
 * screen (projector) run a whole session through all twelve stages. Participants write from
 * socket clients here (the phone page has its own tests). Each view must show what it must and
 * nothing it must not; every view passes axe; screenshots are saved for people to look at.
 */
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { join, TestClient } from '../helpers/client.js';
import type { TestServer } from '../helpers/server.js';
import { cspViolations, deadlineOf, expectAccessible, screenshot, startAppServer, watchCsp } from './support.js';

const LAPTOP = { width: 1366, height: 768 };
const PROJECTOR = { width: 1920, height: 1080 };
const PRIVATE_NOTE = 'PRIVATE NOTE: ask about the grandmother';

let server: TestServer;
const contexts: BrowserContext[] = [];
const participants: TestClient[] = [];

test.beforeAll(async () => {
  server = await startAppServer();
});
test.afterAll(async () => {
  for (const p of participants) p.close();
  for (const c of contexts) await c.close();
  await server?.stop();
  expect(cspViolations, 'CSP refusals in the built client').toEqual([]);
});

async function open(browser: Browser, viewport: { width: number; height: number }, init?: string): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  if (init) await context.addInitScript(init);
  const page = watchCsp(await context.newPage());
  page.on('dialog', (d) => void d.accept());
  return page;
}

async function joinByLink(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Your name or initials').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page).toHaveURL(/\/s\//);
}

test('a whole session through all twelve stages on four screens', async ({ browser }) => {
  // ---- The practice lead creates the session -------------------------------------------------
  const fac = await open(browser, LAPTOP);
  await fac.goto(server.url);
  await expectAccessible(fac, 'start page');
  await screenshot(fac, 'room-start-1366');
  await fac.getByLabel('Case pseudonym or initials').fill('Family K');
  await fac.getByLabel('Your name (facilitator)').fill('Fran');
  await fac.getByLabel(/new to this method/).check();
  await fac.getByText('Timed steps', { exact: true }).click();
  await fac.getByLabel('Genogram', { exact: true }).fill('4');
  await fac.getByRole('button', { name: 'Create session' }).click();
  await expect(fac.getByRole('heading', { name: 'Session ready' })).toBeVisible();
  await screenshot(fac, 'room-links-1366');
  const link = (role: string) => fac.getByRole('textbox', { name: role, exact: true }).inputValue();
  const [advisorUrl, caseworkerUrl, screenUrl] = await Promise.all([
    link('Advisor'),
    link('Caseworker'),
    link('Shared screen (projector)'),
  ]);
  const code = (await link('Participants')).split('/join/')[1]!;
  await fac.getByRole('link', { name: 'Open the facilitator console' }).click();
  await expect(fac.getByRole('heading', { level: 1, name: /Introductions/ })).toBeVisible();

  // ---- Everyone else arrives by their own link; the caseworker's clock is 5 minutes fast -----
  const adv = await open(browser, LAPTOP);
  await joinByLink(adv, advisorUrl, 'Ada');
  const cw = await open(browser, LAPTOP, 'const real = Date.now; Date.now = () => real() + 300000;');
  await joinByLink(cw, caseworkerUrl, 'Cas');
  const scr = await open(browser, PROJECTOR);
  // The screen's link joins at once: nobody types a name at a projector.
  await scr.goto(screenUrl);
  await expect(scr).toHaveURL(/\/s\//);
  for (const name of ['Pat', 'Sam', 'Lee']) {
    const joined = await join(server.url, { code, name });
    const client = new TestClient(server.url, joined.token);
    await client.connected();
    participants.push(client);
  }
  const [p1, p2, p3] = participants as [TestClient, TestClient, TestClient];

  /** The screen is display-only: no fields, and no buttons but its own full-screen switch, at any point. */
  async function screenHasNoControls() {
    await expect(scr.locator('.screen-main').getByRole('button')).toHaveCount(0);
    await expect(scr.getByRole('textbox')).toHaveCount(0);
    // The board shows no tldraw UI; only tldraw's development-licence notice may be there.
    const boardButtons = await scr.locator('.board-area').getByRole('button').allInnerTexts();
    expect(boardButtons.filter((t) => !/licen[cs]e/i.test(t))).toEqual([]);
  }
  /** Only the facilitator and advisor ever see the advisor's notes. */
  async function caseworkerAndScreenSeeNoAdvisorNotes() {
    for (const page of [cw, scr]) {
      await expect(page.getByText(PRIVATE_NOTE)).toHaveCount(0);
      await expect(page.getByRole('heading', { name: /Advisor's notes/ })).toHaveCount(0);
    }
  }
  /** The cockpit's one next action; mid-round, the next stage is reached from the agenda (with its confirmation). */
  const next = async (page: Page, what: 'stage' | 'step') => {
    const button = page.getByRole('button', { name: new RegExp(`^Next ${what}:`) });
    if (what === 'step' || (await button.count()) > 0) return button.click();
    const stage = Number(/Stage (\d+) of/.exec((await page.locator('.now .eyebrow').textContent()) ?? '')![1]);
    await page.getByRole('button', { name: 'Agenda' }).click();
    await page.getByRole('button', { name: `Go to ${stage + 1}` }).click();
  };
  /** The facilitator's session drawer: switches, the record so far, the pack. */
  const inDrawer = async <T>(page: Page, action: () => Promise<T>) => {
    await page.getByRole('button', { name: 'Session', exact: true }).click();
    const result = await action();
    await page.getByRole('button', { name: 'Close session' }).click();
    return result;
  };
  const stageHeading = (page: Page, text: RegExp) =>
    expect(page.getByRole('heading', { level: 1, name: text })).toBeVisible();

  // ---- 1. Introductions --------------------------------------------------------------------
  await expect(scr.getByRole('img', { name: /QR code to join/ })).toBeVisible();
  await expect(scr.getByText(`${code.slice(0, 3)} ${code.slice(3)}`)).toBeVisible();
  await expect(scr.getByText(/is the only person who talks to the caseworker/)).toBeVisible(); // new to the method
  await screenHasNoControls();
  await fac.getByRole('button', { name: 'Start the clock' }).click();
  await expect(fac.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(adv.getByRole('button', { name: 'Pause' })).toHaveCount(0); // the advisor does not drive this stage
  for (const [page, name] of [
    [fac, 'facilitator'],
    [adv, 'advisor'],
    [cw, 'caseworker'],
    [scr, 'screen'],
  ] as const) {
    await expectAccessible(page, `${name} in introductions`);
  }

  // ---- 2-4. Genogram, free description, worker's goal -----------------------------------------
  await next(fac, 'stage');
  await stageHeading(scr, /Genogram/);
  await expect(scr.getByRole('timer', { name: 'Time remaining' })).toContainText(/^(4:00|3:5\d)/); // the custom 4 minutes
  await next(fac, 'stage');
  await fac.getByLabel("Worker's exact words").fill('Evenings are chaos since the baby came');
  await fac.getByRole('button', { name: 'Add words' }).click();
  await expect(cw.getByRole('listitem').filter({ hasText: 'Evenings are chaos since the baby came' })).toBeVisible();
  // On the screen the worker's words appear only where the seed puts them: the side of the board.
  await expect(scr.locator('.tl-shape').getByText('Evenings are chaos since the baby came')).toBeVisible();
  await expect(scr.locator('.screen-main').getByText('Evenings are chaos since the baby came')).toHaveCount(0);
  await next(fac, 'stage');
  await fac.getByLabel('What do they want out of this consultation?').fill('Questions to ask Dad about evenings');
  await fac.getByRole('button', { name: 'Save goal' }).click();
  await expect(cw.getByText('Questions to ask Dad about evenings')).toBeVisible();

  // ---- 5. Rough danger statement and safety goal ---------------------------------------------
  await next(fac, 'stage');
  await stageHeading(fac, /Rough danger statement/);
  await p1.ok({
    type: 'item.submit',
    itemId: 'rough-p1-01',
    stageId: 'rough',
    text: 'Worried the children are alone at night',
    element: 'danger',
  });
  await fac.getByLabel('Rough danger statement', { exact: true }).check();
  await fac
    .getByRole('textbox', { name: 'Rough danger statement or safety goal' })
    .fill('Facilitator: worried about night-time supervision');
  await fac.getByRole('button', { name: 'Add', exact: true }).click();
  await next(fac, 'step');
  await fac.getByRole('button', { name: /^Read out: Worried the children/ }).click();
  const readOut = scr.getByRole('list', { name: 'Read out' });
  await expect(readOut.getByText('Worried the children are alone at night')).toBeVisible();
  await expect(scr.getByText('Facilitator: worried about night-time supervision')).toHaveCount(0);

  // ---- 6. What's working well: the full round ----------------------------------------------
  await next(fac, 'stage');
  await stageHeading(scr, /What's working well/);
  await p1.ok({
    type: 'item.submit',
    itemId: 'ww-p1-0001',
    stageId: 'working-well',
    text: 'Who else has noticed the evenings going better?',
  });
  await p2.ok({
    type: 'item.submit',
    itemId: 'ww-p2-0001',
    stageId: 'working-well',
    text: 'When Dad is calm at bedtime, what is he doing?',
  });
  await p3.ok({
    type: 'item.submit',
    itemId: 'ww-p3-0001',
    stageId: 'working-well',
    text: 'What would Grandma say is working well?',
  });
  await p3.ok({
    type: 'item.submit',
    itemId: 'ww-p3-0002',
    stageId: 'working-well',
    text: 'UNREAD question that only the console sees',
  });
  await adv.getByRole('button', { name: 'Time check' }).click();
  await adv.getByLabel('Note to the facilitator').fill(PRIVATE_NOTE);
  await adv.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(fac.getByText(PRIVATE_NOTE)).toBeVisible();
  // The facilitator says they have seen it; the advisor sees that.
  await expect(adv.getByText('not seen yet').first()).toBeVisible();
  await fac.getByRole('button', { name: 'Seen', exact: true }).click();
  await expect(adv.getByText(/^seen \d{1,2}:\d{2}/).first()).toBeVisible();
  await expect(adv.getByText('not seen yet')).toHaveCount(0);
  await expect(fac.getByText('Pat 1 · Sam 1 · Lee 2')).toBeVisible(); // live count per person
  await caseworkerAndScreenSeeNoAdvisorNotes();

  // Every screen shows the same remaining time, whatever the device's own clock says.
  const stepDeadline = await deadlineOf(fac, 'Step time');
  expect(Math.abs((await deadlineOf(cw, 'Step time')) - stepDeadline)).toBeLessThanOrEqual(250);
  expect(Math.abs((await deadlineOf(scr, 'Time remaining')) - stepDeadline)).toBeLessThanOrEqual(250);
  expect(Math.abs((await deadlineOf(adv, 'Step time')) - stepDeadline)).toBeLessThanOrEqual(250);

  await next(fac, 'step'); // read
  await fac.getByRole('button', { name: /^Read out: Who else has noticed/ }).click();
  await fac.getByRole('button', { name: /^Read out: When Dad is calm/ }).click();
  await expect(readOut.getByText('When Dad is calm at bedtime, what is he doing?')).toBeVisible();
  await expect(cw.getByText('When Dad is calm at bedtime, what is he doing?')).toBeVisible();
  for (const page of [cw, scr])
    await expect(page.getByText('UNREAD question that only the console sees')).toHaveCount(0);

  await next(fac, 'step'); // choose
  await cw
    .getByRole('listitem')
    .filter({ hasText: 'When Dad is calm at bedtime' })
    .getByRole('button', { name: 'Choose' })
    .click();
  // The room sees the choice on the read-out list, and the question lands in the next steps on the board.
  await expect(readOut.getByRole('listitem').filter({ hasText: 'When Dad is calm at bedtime' })).toContainText(
    '★ chosen',
  );
  await expect(fac.locator('.tl-shape').getByText('When Dad is calm at bedtime')).toBeVisible();

  // A dropped connection shows plainly and recovers the full view.
  await cw.context().setOffline(true);
  await expect(cw.getByRole('status')).toContainText('Connection lost');
  await fac.getByRole('button', { name: /^Read out: What would Grandma say/ }).click();
  await cw.context().setOffline(false);
  await expect(cw.getByRole('status')).toHaveCount(0);
  await expect(cw.getByText('What would Grandma say is working well?')).toBeVisible();

  await next(fac, 'step'); // map
  await expect(scr.locator('.tl-shape').getByText('When Dad is calm at bedtime, what is he doing?')).toBeVisible();
  await next(fac, 'step'); // hand over
  await fac.getByRole('button', { name: 'Hand over to the caseworker' }).click();
  await expect(cw.getByText('UNREAD question that only the console sees')).toBeVisible();
  await expect(scr.getByText('UNREAD question that only the console sees')).toHaveCount(0);
  await next(fac, 'step'); // check-in
  await cw
    .getByRole('group', { name: 'Usefulness from 0 to 10' })
    .getByRole('button', { name: '7', exact: true })
    .click();
  await expect(fac.getByText('Last: 7/10.')).toBeVisible();
  await screenHasNoControls();
  await caseworkerAndScreenSeeNoAdvisorNotes();
  for (const [page, name] of [
    [fac, 'facilitator'],
    [adv, 'advisor'],
    [cw, 'caseworker'],
    [scr, 'screen'],
  ] as const) {
    await expectAccessible(page, `${name} in what's working well`);
    await screenshot(page, `room-${name}-${name === 'screen' ? '1920' : '1366'}-working-well`);
  }

  // ---- 7. Scaling: safety ratings by key player ------------------------------------------------
  await next(fac, 'stage');
  for (let i = 0; i < 3; i++) await next(fac, 'step'); // to the map step, where the safety scale is shaped
  await fac.getByLabel('Key player').fill('Mum');
  await fac.getByLabel('Rating 0-10').fill('6');
  await fac.getByRole('button', { name: 'Add rating' }).click();
  await inDrawer(fac, () =>
    expect(fac.getByRole('table', { name: 'Safety scale' }).getByRole('cell', { name: 'Mum' })).toBeVisible(),
  );

  // ---- 8. Harm: items carry their element; the worker rates how well harm is mapped ----------
  await next(fac, 'stage');
  await p1.ok({
    type: 'item.submit',
    itemId: 'harm-p1-001',
    stageId: 'harm',
    text: 'How often has this happened?',
    element: 'incidence',
  });
  await expect(
    fac.getByRole('listitem').filter({ hasText: 'How often has this happened?' }).getByText('Incidence / chronicity'),
  ).toBeVisible();
  await cw
    .getByRole('group', { name: 'Harm mapped from 0 to 10' })
    .getByRole('button', { name: '8', exact: true })
    .click();
  await inDrawer(fac, () =>
    expect(
      fac.getByRole('table', { name: 'How well is past harm mapped' }).getByRole('cell', { name: '8/10' }),
    ).toBeVisible(),
  );

  // ---- 9-11. Danger, safety goals, review --------------------------------------------------
  await next(fac, 'stage');
  await stageHeading(scr, /Danger statements/);
  await next(fac, 'stage');
  await stageHeading(scr, /Safety goals/);
  await next(fac, 'stage');
  await stageHeading(scr, /Review and next steps/);
  await cw
    .getByRole('group', { name: 'Usefulness from 0 to 10' })
    .getByRole('button', { name: '9', exact: true })
    .click();

  // ---- 12. The advisor leads the review of the group process -------------------------------
  await next(fac, 'stage');
  await stageHeading(scr, /Review of the group process/);
  await expect(adv.getByRole('button', { name: 'Pause' })).toBeVisible();
  // The seed gives this stage no length: its clock counts up, with nothing to extend (PRD-TIME-1).
  await expect(adv.getByRole('timer', { name: 'Stage time, elapsed' })).toBeVisible();
  await expect(adv.getByRole('button', { name: '+1 min' })).toHaveCount(0);
  await adv.getByLabel('What was useful').check();
  await adv.getByRole('textbox', { name: 'Process review point' }).fill('The timer kept us sharp');
  await adv.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(fac.getByText('The timer kept us sharp')).toBeVisible();

  // Locking the room takes the join code off the screen.
  await inDrawer(fac, () => fac.getByRole('button', { name: 'Lock joining' }).click());
  await expect(scr.getByRole('img', { name: /QR code to join/ })).toHaveCount(0);
  await fac.getByRole('button', { name: 'End session' }).click();
  await expect(scr.getByText('The session has ended. Thank you.')).toBeVisible();
  await expect(cw.getByRole('heading', { name: 'The session has ended' })).toBeVisible();
  await screenHasNoControls();
  await caseworkerAndScreenSeeNoAdvisorNotes();

  // The caseworker takes the pack away; the advisor is offered none.
  const [pdf] = await Promise.all([
    cw.waitForEvent('download'),
    cw.getByRole('button', { name: 'PDF (to print)' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toMatch(/^supervision-record-Family-K-\d{4}-\d{2}-\d{2}-DRAFT\.pdf$/);
  const [docx] = await Promise.all([
    cw.waitForEvent('download'),
    cw.getByRole('button', { name: 'Word (for case recording)' }).click(),
  ]);
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
  await expect(adv.getByRole('heading', { name: 'Question pack' })).toHaveCount(0);
  await inDrawer(fac, () => expect(fac.getByRole('heading', { name: 'Question pack' })).toBeVisible());

  for (const [page, name] of [
    [fac, 'facilitator'],
    [adv, 'advisor'],
    [cw, 'caseworker'],
    [scr, 'screen'],
  ] as const) {
    await expectAccessible(page, `${name} at the end`);
    await screenshot(page, `room-${name}-${name === 'screen' ? '1920' : '1366'}-end`);
  }
});
