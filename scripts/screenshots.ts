/**
 * Screenshots of every view for a person to look at (not a test): a session is created and
 * driven to "What's working well" with items, then each role's page is captured.
 *   node --import tsx scripts/screenshots.ts   (after npm run build; writes tests/artifacts/screens)
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
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
const s = await createSession(base, { title: 'Family K', facilitatorName: 'Fran' });
const tokens = {
  advisor: (await join(base, { invite: inviteSecret(s, 'advisor'), name: 'Ada' })).token,
  caseworker: (await join(base, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' })).token,
  screen: (await join(base, { invite: inviteSecret(s, 'screen'), name: 'Screen' })).token,
  p1: (await join(base, { code: s.participants.code, name: 'Pat' })).token,
};
const F = new TestClient(base, s.facilitatorToken);
const P = new TestClient(base, tokens.p1);
await Promise.all([F.connected(), P.connected()]);
for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' });
await F.ok({ type: 'goal.set', text: 'Which questions to ask Dad about the evenings' });
await P.ok({
  type: 'item.submit',
  itemId: 'shot-item-1',
  stageId: 'working-well',
  text: 'Who else has noticed the evenings going better?',
});
await P.ok({
  type: 'item.submit',
  itemId: 'shot-item-2',
  stageId: 'working-well',
  text: 'When Dad is calm at bedtime, what is he doing differently?',
});
await F.ok({
  type: 'item.submit',
  itemId: 'shot-item-3',
  stageId: 'working-well',
  text: 'What would Grandma say is working well?',
});
await F.ok({ type: 'item.readOut', itemId: 'shot-item-1' });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
async function shot(name: string, token: string | null, url: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  if (token)
    await context.addInitScript(([id, t]) => localStorage.setItem(`groupmap:token:${id}`, t!), [s.sessionId, token]);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  await context.close();
}
const laptop = { width: 1366, height: 768 };
await shot('start', null, `${base}/`, laptop);
await shot('facilitator', s.facilitatorToken, `${base}/s/${s.sessionId}`, laptop);
await shot('advisor', tokens.advisor, `${base}/s/${s.sessionId}`, laptop);
await shot('caseworker', tokens.caseworker, `${base}/s/${s.sessionId}`, laptop);
await shot('screen', tokens.screen, `${base}/s/${s.sessionId}`, { width: 1920, height: 1080 });
await shot('phone', tokens.p1, `${base}/s/${s.sessionId}`, { width: 390, height: 844 });
await shot('join', null, `${base}/join/${s.participants.code}`, { width: 390, height: 844 });
await browser.close();
F.close();
P.close();
await server.close();
console.log(`screenshots in ${out}`);
