/**
 * Screenshots of the room for a person to look at (not a test): the facilitator drives a session
 * from the cockpit at 1366x768, as a person would, while the shared screen is captured at
 * 1280x720 and 1920x1080 at each moment of the meeting, and the other views once.
 *   npm run screenshots   (builds first; writes tests/artifacts/screens)
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { createGroupmapServer } from '../server/app.js';
import { silentLogger } from '../server/log.js';
import { createSession, inviteSecret, join, TestClient } from '../tests/helpers/client.js';
import { tempDataDir } from '../tests/helpers/server.js';

const out = path.resolve('tests/artifacts/screens');
fs.mkdirSync(out, { recursive: true });
const server = createGroupmapServer(
  {
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDataDir(),
    publicUrl: 'http://127.0.0.1:0',
    durability: 'normal',
    clientDir: path.resolve('dist/client'),
  },
  { logger: silentLogger },
);
const port = await server.listen();
const base = `http://127.0.0.1:${port}`;
const s = await createSession(base, { title: 'Family K', facilitatorName: 'Fran', newToMethod: true });
const tokens = {
  advisor: (await join(base, { invite: inviteSecret(s, 'advisor'), name: 'Ada' })).token,
  caseworker: (await join(base, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' })).token,
  screen: (await join(base, { invite: inviteSecret(s, 'screen'), name: 'Screen' })).token,
};
const people = ['Pat Jones', 'Sam', 'Lee', 'Jo'];
const phones: TestClient[] = [];
for (const name of people) {
  const joined = await join(base, { code: s.participants.code, name });
  const phone = new TestClient(base, joined.token);
  await phone.connected();
  phones.push(phone);
}

const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
async function open(token: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(([id, t]) => localStorage.setItem(`groupmap:token:${id}`, t!), [s.sessionId, token]);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${base}/s/${s.sessionId}`);
  return page;
}
const fac = await open(s.facilitatorToken, { width: 1366, height: 768 });
const screen720 = await open(tokens.screen, { width: 1280, height: 720 });
const screen1080 = await open(tokens.screen, { width: 1920, height: 1080 });
await fac.getByRole('button', { name: 'Start the clock' }).waitFor();

async function capture(moment: string) {
  await fac.waitForTimeout(1200);
  await fac.screenshot({ path: path.join(out, `cockpit-1366-${moment}.png`) });
  await screen720.screenshot({ path: path.join(out, `screen-1280-${moment}.png`) });
  await screen1080.screenshot({ path: path.join(out, `screen-1920-${moment}.png`) });
}
const primary = () => fac.locator('.next-action').click();

await capture('01-introductions-lobby');
await fac.getByRole('button', { name: 'Start the clock' }).click();
await primary(); // genogram
for (const [name, age, sex] of [
  ['Dad', '34', 'male'],
  ['Mum', '31', 'female'],
  ['Kai', '6', 'male'],
  ['Mia', '3', 'female'],
] as const) {
  await fac.getByLabel('Name', { exact: true }).fill(name);
  await fac.getByLabel('Age', { exact: true }).fill(age);
  await fac.getByRole('button', { name: sex === 'male' ? '□ Male' : '○ Female' }).click();
}
await capture('02-genogram');
await fac.locator('.next-action').click(); // description
await fac.getByRole('textbox', { name: "Worker's exact words" }).fill('Evenings are chaos since the baby came');
await fac.getByRole('button', { name: 'Add words' }).click();
await capture('03-description');
await primary(); // goal
await fac.getByLabel('What do they want out of this consultation?').fill('Questions to ask Dad about the evenings');
await fac.getByRole('button', { name: 'Save goal' }).click();
await capture('04-goal');
await primary(); // rough
await primary(); // 5 read
await primary(); // working well: write
const questions = [
  'Who else has noticed the evenings going better, and what did they see?',
  'When Dad is calm at bedtime, what is he doing differently?',
  'What would Grandma say is working well when she stays over?',
  'On the nights Kai sleeps well, what happened earlier that day?',
  'Who helps Mum when the baby will not settle, and how do they know to come?',
  'What would the school say about how Kai arrives in the mornings?',
  'When has Dad asked for help before, and who did he ask?',
  'What does Mia do that tells Mum she feels safe?',
  'If the evenings went well every night for a month, what would be different?',
];
for (const [i, text] of questions.entries()) {
  await phones[i % phones.length]!.ok({ type: 'item.submit', itemId: `shot-item-${i}`, stageId: 'working-well', text });
}
await capture('06-working-well-write');
await primary(); // read
for (const text of questions) await fac.getByRole('button', { name: `Read out: ${text}` }).click();
await capture('06-working-well-read');
await primary(); // choose
await fac.getByRole('button', { name: `Worker chooses: ${questions[1]}` }).click();
await capture('06-working-well-choose');
await primary(); // map
await capture('06-working-well-map');
await primary(); // hand over
await capture('06-working-well-hand-over');
await primary(); // handed over
await primary(); // check-in
await capture('06-working-well-check-in');
const caseworker = await open(tokens.caseworker, { width: 1366, height: 768 });
const advisor = await open(tokens.advisor, { width: 1366, height: 768 });
await advisor.getByRole('button', { name: 'Time check' }).click();
await fac.waitForTimeout(800);
await fac.screenshot({ path: path.join(out, 'cockpit-1366-advisor-alert.png') });
await advisor.waitForTimeout(800);
await advisor.screenshot({ path: path.join(out, 'advisor-1366.png') });
await caseworker.waitForTimeout(800);
await caseworker.screenshot({ path: path.join(out, 'caseworker-1366.png'), fullPage: true });
await fac.getByRole('button', { name: 'Agenda' }).click();
await fac.waitForTimeout(400);
await fac.screenshot({ path: path.join(out, 'cockpit-1366-agenda.png') });
await fac.keyboard.press('Escape');
await fac.getByRole('button', { name: 'Session' }).click();
await fac.waitForTimeout(400);
await fac.screenshot({ path: path.join(out, 'cockpit-1366-session-drawer.png') });
await fac.keyboard.press('Escape');
await fac.getByRole('button', { name: 'Keyboard shortcuts' }).click();
await fac.waitForTimeout(400);
await fac.screenshot({ path: path.join(out, 'cockpit-1366-shortcuts.png') });
await fac.keyboard.press('Escape');
for (let i = 0; i < 6; i++) await primary(); // to the process review
await capture('12-process-review');
await fac.locator('.next-action').click(); // end (confirmed)
await capture('13-ended');

await browser.close();
for (const p of phones) p.close();
await server.close();
console.log(`screenshots in ${out}`);
