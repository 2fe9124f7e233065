/**
 * The rules of Appendix 6 on the live server, with real socket.io clients: what cannot be chosen,
 * ratings kept in their own series, the read-out rules, and what reaches the board and the pack.
 * Rule IDs are those of docs/PROCESS-SPEC.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chosenNoteId, partFrameId, SAFETY_SCALE_ID } from '../../shared/board/layout.js';
import type { Pack } from '../../shared/pack.js';
import type { CreateSessionResponse } from '../../shared/protocol.js';
import { type Command, createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let s: CreateSessionResponse;
const clients: TestClient[] = [];
let F: TestClient, CW: TestClient, A: TestClient, P1: TestClient, P2: TestClient;
let cwToken: string;

type Rec = { id: string; parentId?: string; props?: { richText?: unknown } };
const records = async () => (await t.server.boards.records(s.sessionId)) as unknown as Rec[];

function client(token: string) {
  const c = new TestClient(t.url, token);
  clients.push(c);
  return c;
}

async function refused(c: TestClient, command: Command): Promise<{ code: string; message: string }> {
  const ack = await c.send(command);
  if (ack.ok) throw new Error(`${command.type} was accepted`);
  return ack.error;
}

/** One item per participant, written and read out in the current stage (its read step). */
async function writeAndRead(stageId: string, prefix: string, element: string | null = null) {
  await P1.ok({
    type: 'item.submit',
    itemId: `${prefix}-p1-0001`,
    stageId: stageId as never,
    text: `${prefix} one`,
    element,
  });
  await P2.ok({
    type: 'item.submit',
    itemId: `${prefix}-p2-0001`,
    stageId: stageId as never,
    text: `${prefix} two`,
    element,
  });
  await F.ok({ type: 'step.advance' });
  await F.ok({ type: 'item.readOut', itemId: `${prefix}-p1-0001` });
  await F.ok({ type: 'item.readOut', itemId: `${prefix}-p2-0001` });
}

async function pack(): Promise<Pack> {
  const res = await fetch(`${t.url}/api/sessions/${s.sessionId}/pack.json`, {
    headers: { authorization: `Bearer ${cwToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Pack;
}

beforeAll(async () => {
  t = await startTestServer();
  s = await createSession(t.url, { title: 'Family K', facilitatorName: 'Fran' });
  cwToken = (await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' })).token;
  const adv = await join(t.url, { invite: inviteSecret(s, 'advisor'), name: 'Ada' });
  const p1 = await join(t.url, { code: s.participants.code, name: 'Pat' });
  const p2 = await join(t.url, { code: s.participants.code, name: 'Sam' });
  F = client(s.facilitatorToken);
  CW = client(cwToken);
  A = client(adv.token);
  P1 = client(p1.token);
  P2 = client(p2.token);
  await Promise.all(clients.map((c) => c.connected()));
});

afterAll(async () => {
  for (const c of clients) c.close();
  await t.stop();
});

describe('Appendix 6 on the live server', () => {
  it('A6-ROUGH-1: choosing a rough draft is refused with a clear error', async () => {
    for (let i = 0; i < 4; i++) await F.ok({ type: 'stage.advance' });
    await writeAndRead('rough', 'rough', 'danger');
    const error = await refused(CW, { type: 'item.choose', itemId: 'rough-p1-0001', chosen: true });
    expect(error).toMatchObject({ code: 'WRONG_STAGE' });
    expect(error.message).toMatch(/whole set/);
    await F.ok({ type: 'stage.advance' });
  });

  it('A6-WW-3: the facilitator marks all of their own items to read while a participant is held to two', async () => {
    for (const n of [1, 2, 3]) {
      await F.ok({ type: 'item.submit', itemId: `ww-f-000${n}`, stageId: 'working-well', text: `Fran's ${n}` });
      await P1.ok({ type: 'item.submit', itemId: `ww-x-000${n}`, stageId: 'working-well', text: `Pat's ${n}` });
    }
    for (const n of [1, 2, 3]) await F.ok({ type: 'item.markStrongest', itemId: `ww-f-000${n}`, strongest: true });
    await P1.ok({ type: 'item.markStrongest', itemId: 'ww-x-0001', strongest: true });
    await P1.ok({ type: 'item.markStrongest', itemId: 'ww-x-0002', strongest: true });
    expect((await refused(P1, { type: 'item.markStrongest', itemId: 'ww-x-0003', strongest: true })).code).toBe(
      'LIMIT',
    );
    const view = await F.waitFor((v) => v.items.filter((i) => i.strongest).length === 5);
    expect(view.items.filter((i) => i.strongest && i.authorName === 'Fran')).toHaveLength(3);
  });

  it('A6-WW-4 A6-WW-7: a chosen question reaches the next steps; a check-in stays a usefulness rating', async () => {
    await writeAndRead('working-well', 'ww');
    await F.ok({ type: 'step.advance' }); // choose
    await CW.ok({ type: 'item.choose', itemId: 'ww-p1-0001', chosen: true });
    await expect
      .poll(async () => (await records()).find((r) => r.id === chosenNoteId('ww-p1-0001'))?.parentId)
      .toBe(partFrameId('next-steps'));
    for (let i = 0; i < 3; i++) await F.ok({ type: 'step.advance' }); // map, hand-over, check-in
    await CW.ok({ type: 'rating.record', ratingId: 'use-ww-0001', scale: 'usefulness', value: 6, words: 'the map' });
  });

  it('A6-SCALE-5 A6-SCALE-6: the safety scale and its ratings are drawn on the board', async () => {
    await F.ok({ type: 'stage.advance' }); // scaling
    await P1.ok({
      type: 'item.submit',
      itemId: 'sc-p1-0001',
      stageId: 'scaling',
      text: 'How safe?',
      element: 'safety',
    });
    await F.ok({ type: 'safetyScale.set', question: 'How safe is T at home?', ten: 'safe enough', zero: 'not safe' });
    await F.ok({ type: 'rating.record', ratingId: 'safe-0001', scale: 'safety', value: 4, keyPlayer: 'Mum' });
    await expect
      .poll(async () => JSON.stringify((await records()).find((r) => r.id === SAFETY_SCALE_ID)?.props?.richText ?? ''))
      .toContain('Ratings: Mum 4');
  });

  it("A6-HARM-4 A6-HARM-7: harm-mapped and usefulness ratings never land in each other's series", async () => {
    // Outside harm, how well harm is mapped cannot be recorded at all.
    expect(
      (await refused(CW, { type: 'rating.record', ratingId: 'harm-x-001', scale: 'harm-mapped', value: 2 })).code,
    ).toBe('WRONG_STAGE');
    await F.ok({ type: 'stage.advance' }); // harm
    await CW.ok({ type: 'rating.record', ratingId: 'harm-0001', scale: 'harm-mapped', value: 3 });
    await F.ok({ type: 'rating.record', ratingId: 'use-harm-01', scale: 'usefulness', value: 7 });
    const view = await F.waitFor((v) => (v.ratings ?? []).length === 4);
    expect(view.stepTimer?.plannedMs).toBe(5 * 60_000);
    expect(view.settings).toBeDefined();
  });

  it('A6-DANGER-4 A6-SG-5: choosing a danger statement or a safety goal is refused; nothing reaches next steps', async () => {
    await F.ok({ type: 'stage.advance' }); // danger
    await writeAndRead('danger', 'dg');
    const danger = await refused(CW, { type: 'item.choose', itemId: 'dg-p1-0001', chosen: true });
    expect(danger.code).toBe('WRONG_STAGE');
    expect((await refused(F, { type: 'item.choose', itemId: 'dg-p2-0001', chosen: true })).code).toBe('WRONG_STAGE');
    await F.ok({ type: 'stage.advance' }); // safety goals
    await writeAndRead('safety-goals', 'sg');
    expect((await refused(CW, { type: 'item.choose', itemId: 'sg-p1-0001', chosen: true })).message).toMatch(
      /whole set/,
    );
  });

  it('A6-PROC-2: a process-review point is refused as a choice and never reaches the map or the pack', async () => {
    await F.ok({ type: 'stage.goTo', stageId: 'process-review' });
    await P1.ok({
      type: 'item.submit',
      itemId: 'pr-p1-0001',
      stageId: 'process-review',
      text: 'Too fast for me',
      element: 'issue',
    });
    await A.ok({ type: 'item.readOut', itemId: 'pr-p1-0001' });
    expect((await refused(CW, { type: 'item.choose', itemId: 'pr-p1-0001', chosen: true })).message).toMatch(/process/);
    const place = { kind: 'item', itemId: 'pr-p1-0001' } as const;
    expect(
      (await refused(F, { type: 'map.place', placementId: 'place-pr-01', part: 'next-steps', source: place })).code,
    ).toBe('WRONG_STAGE');
    await F.ok({ type: 'session.end' });

    const p = await pack();
    expect(p.nextSteps.map((n) => n.text)).toEqual(['ww one']);
    expect(JSON.stringify(p)).not.toContain('Too fast for me');
    for (const id of ['rough', 'danger', 'safety-goals']) {
      const section = p.sections.find((x) => x.stageId === id)!;
      expect(section.chooses, id).toBe(false);
      expect(section.chosenCount, id).toBe(0);
    }
    expect(p.usefulness.map((r) => [r.stageId, r.value, r.words])).toEqual([
      ['working-well', 6, 'the map'],
      ['harm', 7, undefined],
    ]);
    expect(p.harmMapped.map((r) => [r.stageId, r.value])).toEqual([['harm', 3]]);
    expect(p.safetyScaleDefinition?.question).toBe('How safe is T at home?');
    const boardNotes = (await records()).filter((r) => r.id.startsWith('shape:chosen-')).map((r) => r.id);
    expect(boardNotes).toEqual([chosenNoteId('ww-p1-0001')]);
  });
});
