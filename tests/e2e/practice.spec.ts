/**
 * Appendix 6 as people see it (rule IDs of docs/PROCESS-SPEC.md): the safety scale's wording and
 * ratings on the board, a step the seed does not time counting up on every screen, and the
 * danger statements' read-out rule on the projector and a phone.
 */
import { expect, test } from '@playwright/test';
import { createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { appServerForFile, expectAccessible, screenshot } from './support.js';

const file = appServerForFile();
const { clients, openAs } = file;

test('A6-SCALE-5 A6-SCALE-6 PRD-TIME-1 A6-DANGER-3: the scale on the board, untimed steps count up, everyone reads theirs', async ({
  browser,
}) => {
  const s = await createSession(file.server.url, { title: 'Family K', facilitatorName: 'Fran' });
  const screenToken = (await join(file.server.url, { invite: inviteSecret(s, 'screen'), name: 'Screen' })).token;
  const pat = await join(file.server.url, { code: s.participants.code, name: 'Pat' });
  const F = new TestClient(file.server.url, s.facilitatorToken);
  const P = new TestClient(file.server.url, pat.token);
  clients.push(F, P);
  await Promise.all([F.connected(), P.connected()]);

  const fac = await openAs(browser, s.sessionId, s.facilitatorToken, { width: 1366, height: 768 });
  const scr = await openAs(browser, s.sessionId, screenToken, { width: 1280, height: 720 });
  const phone = await openAs(browser, s.sessionId, pat.token, { width: 390, height: 844 });
  await expect(fac.locator('[data-board-status="synced-remote"]')).toBeVisible({ timeout: 20_000 });

  // Scaling, map step: the facilitator shapes the worker's safety scale in the cockpit.
  for (let i = 0; i < 6; i++) await F.ok({ type: 'stage.advance' });
  await P.ok({
    type: 'item.submit',
    itemId: 'scale-q-0001',
    stageId: 'scaling',
    text: 'How safe is Kai at home, 0 to 10?',
    element: 'safety',
  });
  for (let i = 0; i < 3; i++) await F.ok({ type: 'step.advance' });
  await expect(fac.getByRole('heading', { level: 1, name: /· Map$/ })).toBeVisible();
  await fac.getByLabel('The safety scaling question, as it will be asked').fill('How safe is Kai at home?');
  await fac.getByLabel('10 means', { exact: true }).fill('Kai is safe enough for us to close the case');
  await fac.getByLabel('0 means', { exact: true }).fill('Kai cannot stay at home tonight');
  await fac.getByRole('button', { name: 'Save the scale' }).click();
  await fac.getByLabel('Key player').fill('Mum');
  await fac.getByLabel('Rating 0-10').fill('6');
  await fac.getByRole('button', { name: 'Add rating' }).click();
  const scaleOnBoard = fac.locator('.tl-shape').filter({ hasText: 'How safe is Kai at home?' });
  await expect(scaleOnBoard).toBeVisible();
  await expect(scaleOnBoard).toContainText('10 = Kai is safe enough for us to close the case');
  await expect(scaleOnBoard).toContainText('Ratings: Mum 6');
  await expect(scr.locator('.tl-shape').filter({ hasText: 'Ratings: Mum 6' })).toBeVisible();
  await screenshot(fac, 'practice-1366-safety-scale');
  await screenshot(scr, 'practice-1280-safety-scale');
  await expectAccessible(fac, 'the cockpit with the safety scale');

  // Danger statements: write, then the read step, which the seed does not time.
  await F.ok({ type: 'stage.advance' }); // harm
  await F.ok({ type: 'stage.advance' }); // danger
  await P.ok({
    type: 'item.submit',
    itemId: 'danger-0001',
    stageId: 'danger',
    text: 'We are worried Kai will be left alone at night',
  });
  await F.ok({ type: 'step.advance' });
  const rule = 'Everyone reads theirs, the facilitator included.';
  await expect(scr.getByText(rule)).toBeVisible();
  await expect(phone.getByText(rule)).toBeVisible();
  // Nobody picks a strongest where everyone reads theirs.
  await expect(phone.getByRole('button', { name: /Strongest/ })).toHaveCount(0);

  // The untimed read step counts up on every screen: no deadline, no overtime.
  for (const [page, name] of [
    [fac, /^Step time, elapsed$/],
    [scr, /^Time so far$/],
    [phone, /^Read out: time so far$/],
  ] as const) {
    const timer = page.getByRole('timer', { name });
    await expect(timer).toHaveAttribute('data-mode', 'elapsed');
    await expect(timer).not.toHaveAttribute('data-deadline');
    const first = await timer.locator('.countdown-value').textContent();
    await expect.poll(async () => timer.locator('.countdown-value').textContent(), { timeout: 5000 }).not.toBe(first);
    await expect(timer).not.toHaveClass(/overtime/);
  }
  await screenshot(scr, 'practice-1280-danger-read');
  await screenshot(phone, 'practice-390-danger-read');
  await expectAccessible(scr, 'the screen in the danger read-out');
  await expectAccessible(phone, 'a phone in the danger read-out');
});
