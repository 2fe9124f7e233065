/**
 * The supervision record as its two parties use it (REC-* of docs/PROCESS-SPEC.md): the caseworker
 * types the case reference, which never reaches the projector's or a phone's page; the facilitator
 * turns the chosen question into an action the caseworker sees; after the end both agree it with
 * their typed names and the record stops saying "Draft".
 */
import { expect, test } from '@playwright/test';
import { createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { appServerForFile, expectAccessible, screenshot } from './support.js';

const file = appServerForFile();
const { clients, openAs } = file;
const CASE_REF = 'MOSAIC-55120-T';

test('REC-1 REC-3 REC-6: the case reference stays with the two parties; actions and agreement', async ({ browser }) => {
  const s = await createSession(file.server.url, { title: 'Family T', facilitatorName: 'Fran' });
  const screenToken = (await join(file.server.url, { invite: inviteSecret(s, 'screen'), name: 'Screen' })).token;
  const cwToken = (await join(file.server.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' })).token;
  const pat = await join(file.server.url, { code: s.participants.code, name: 'Pat' });
  const F = new TestClient(file.server.url, s.facilitatorToken);
  const P = new TestClient(file.server.url, pat.token);
  clients.push(F, P);
  await Promise.all([F.connected(), P.connected()]);

  const fac = await openAs(browser, s.sessionId, s.facilitatorToken, { width: 1366, height: 768 });
  const cw = await openAs(browser, s.sessionId, cwToken, { width: 390, height: 844 });
  const scr = await openAs(browser, s.sessionId, screenToken, { width: 1920, height: 1080 });
  const phone = await openAs(browser, s.sessionId, pat.token, { width: 360, height: 640 });

  // The caseworker gives the case reference on their own device.
  await cw.getByLabel(/Case reference/).fill(CASE_REF);
  await cw.getByRole('button', { name: 'Save', exact: true }).click();
  await F.waitFor((v) => v.record?.caseReference === CASE_REF);

  // A question the worker chose becomes an action with a lead and a due date.
  await F.ok({ type: 'stage.goTo', stageId: 'working-well' });
  await P.ok({ type: 'item.submit', itemId: 'ww-item-0001', stageId: 'working-well', text: 'Who helps at bedtime?' });
  await F.ok({ type: 'step.advance' });
  await F.ok({ type: 'item.readOut', itemId: 'ww-item-0001' });
  await F.ok({ type: 'step.advance' });
  await cw
    .getByRole('button', { name: /Choose/ })
    .first()
    .click();
  await F.waitFor((v) => v.items.some((i) => i.chosen));
  await F.ok({ type: 'step.advance' }); // map
  await fac.getByRole('button', { name: 'Actions and decisions for the record' }).click();
  const form = fac.getByRole('group', { name: 'Make an action of: Who helps at bedtime?' });
  await form.getByLabel('Action (what, specifically)').fill('Ask Gran to take Tuesday bedtimes');
  await form.getByLabel('Lead').fill('Cas');
  await form.getByLabel('Due').fill('2026-12-08');
  await form.getByRole('button', { name: 'Add the action' }).click();
  await expect(cw.getByRole('cell', { name: 'Ask Gran to take Tuesday bedtimes' })).toBeVisible();
  await screenshot(fac, 'record-1366-actions');
  await expectAccessible(fac, 'the supervision record in the cockpit');
  await fac.keyboard.press('Escape');

  // REC-3: the projector's and the phone's pages never hold the case reference.
  await expect(scr.locator('body')).not.toContainText(CASE_REF);
  expect(await scr.content()).not.toContain(CASE_REF);
  expect(await phone.content()).not.toContain(CASE_REF);
  await expect(cw.getByLabel(/Case reference/)).toHaveValue(CASE_REF);

  // REC-6: after the end both agree with their typed names.
  await F.ok({ type: 'session.end' });
  await expect(fac.getByRole('heading', { name: /Supervision record\s+Draft/ })).toBeVisible();
  // The clocks and the round are gone: the panel says the session ended and what is left to do.
  await expect(fac.getByRole('heading', { name: 'The session has ended' })).toBeVisible();
  await expect(fac.getByLabel(/^Stage time/)).toHaveCount(0);
  await expect(fac.getByText(/Agree the record with the caseworker/)).toBeVisible();
  await fac.getByLabel('Type your name to agree this record').fill('Fran Lee');
  await fac.getByRole('button', { name: 'I agree this record' }).click();
  await cw.getByLabel('Type your name to agree this record').fill('Cas Jones');
  await cw.getByRole('button', { name: 'I agree this record' }).click();
  await expect(cw.getByRole('heading', { name: /Supervision record\s+Agreed/ })).toBeVisible();
  await expect(cw.getByText(/Agreed by Fran Lee \(facilitator\)/)).toBeVisible();
  await expect(fac.getByText(/groupmap deletes this session on/)).toBeVisible();
  await cw.getByRole('button', { name: 'Show the summary' }).click();
  await expect(cw.getByLabel('The summary, as it will be pasted')).toHaveValue(/Case reference: MOSAIC-55120-T/);
  await screenshot(fac, 'record-1366-ended');
  await screenshot(cw, 'record-390-caseworker-ended');
  await expectAccessible(cw, 'the caseworker with the agreed record');
  expect(await scr.content()).not.toContain(CASE_REF);
  expect(await phone.content()).not.toContain(CASE_REF);
});
