/**
 * A whole session over real sockets: facilitator, advisor, caseworker, screen and three
 * participants, from creation through all twelve stages to the end. Then the server is killed
 * with SIGKILL, started again on the same store, and everything accepted must be there once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { STAGE_IDS } from '../../shared/process/stages.js';
import type { SessionView } from '../../shared/projection.js';
import { createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { tempDataDir } from '../helpers/server.js';
import { type ServerProcess, spawnServer } from '../helpers/serverProcess.js';

const dataDir = tempDataDir();
let server: ServerProcess;
const clients: TestClient[] = [];

function connect(url: string, token: string): TestClient {
  const c = new TestClient(url, token);
  clients.push(c);
  return c;
}

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.kill();
});

const stageIs = (id: string) => (v: SessionView) => v.stageId === id;

describe('a whole session through the real server', () => {
  const tokens: Record<string, string> = {};
  let F: TestClient, A: TestClient, CW: TestClient, SCR: TestClient, P: TestClient[];
  let before: { facilitator: SessionView; seq: number };
  let retried: { id: string; type: string; itemId: string; stageId: string; text: string };

  it('creates a session and everyone joins with their role', async () => {
    server = await spawnServer(dataDir);
    const created = await createSession(server.url, { title: 'Family K', facilitatorName: 'Fran', newToMethod: true });
    expect(created.facilitatorUrl).toContain(`/s/${created.sessionId}#token=`);
    expect(created.invitations.map((i) => i.role).sort()).toEqual(['advisor', 'caseworker', 'screen']);
    expect(created.participants.code).toMatch(/^[A-Z0-9]{6}$/);
    tokens.facilitator = created.facilitatorToken;
    for (const role of ['advisor', 'caseworker', 'screen'] as const) {
      const joined = await join(server.url, {
        invite: inviteSecret(created, role),
        name: role.slice(0, 3).toUpperCase(),
      });
      expect(joined.role).toBe(role);
      tokens[role] = joined.token;
    }
    // Codes are case-insensitive and forgive a space or a dash.
    const code = created.participants.code;
    const typed = [
      code,
      `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`,
      `${code.slice(0, 3)}-${code.slice(3).toLowerCase()}`,
    ];
    for (let i = 0; i < 3; i++) {
      const joined = await join(server.url, { code: typed[i]!, name: `P${i + 1}` });
      expect(joined.role).toBe('participant');
      expect(joined.token.length).toBeGreaterThanOrEqual(22); // >= 128 bits of nanoid
      tokens[`p${i + 1}`] = joined.token;
    }
    F = connect(server.url, tokens.facilitator!);
    A = connect(server.url, tokens.advisor!);
    CW = connect(server.url, tokens.caseworker!);
    SCR = connect(server.url, tokens.screen!);
    P = [1, 2, 3].map((n) => connect(server.url, tokens[`p${n}`]!));
    const views = await Promise.all([F, A, CW, SCR, ...P].map((c) => c.connected()));
    expect(views.every((v) => v.members.length === 7)).toBe(true);
    expect(SCR.view!.joinCode).toBe(code);
  });

  it("runs introductions to the worker's goal, recording the worker's words", async () => {
    await F.ok({ type: 'timer.start' });
    await F.ok({ type: 'stage.advance' }); // genogram
    await F.ok({ type: 'stage.advance' }); // description
    await F.ok({ type: 'exactWords.add', noteId: 'words-0001', text: '"Since the baby came, evenings are chaos"' });
    await F.ok({ type: 'stage.advance' }); // goal
    await F.ok({ type: 'goal.set', text: 'Questions to ask Dad about evenings' });
    const cw = await CW.waitFor((v) => v.workerGoal === 'Questions to ask Dad about evenings');
    expect(cw.exactWords).toHaveLength(1);
    expect(SCR.view!.exactWords).toBeUndefined();
  });

  it('rough statements: everyone drafts, some read', async () => {
    await F.ok({ type: 'stage.advance' });
    await P[0]!.ok({
      type: 'item.submit',
      itemId: 'rough-p1-01',
      stageId: 'rough',
      text: 'Worried the children are alone at night',
      element: 'danger',
    });
    await P[1]!.ok({
      type: 'item.submit',
      itemId: 'rough-p2-01',
      stageId: 'rough',
      text: 'Want the children safe with Dad',
      element: 'safety-goal',
    });
    await F.ok({
      type: 'item.submit',
      itemId: 'rough-f-001',
      stageId: 'rough',
      text: 'Facilitator rough statement',
      element: 'danger',
    });
    await F.ok({ type: 'step.advance' });
    await F.ok({ type: 'item.readOut', itemId: 'rough-p1-01' });
    await F.ok({ type: 'item.readOut', itemId: 'rough-f-001' });
    await SCR.waitFor((v) => v.items.length === 2);
  });

  it("what's working well: write, read, choose, map, hand over, check-in", async () => {
    await F.ok({ type: 'stage.advance' });
    await F.waitFor(stageIs('working-well'));
    for (const [i, p] of P.entries()) {
      await p.ok({
        type: 'item.submit',
        itemId: `ww-p${i + 1}-001`,
        stageId: 'working-well',
        text: `Relationship question ${i + 1}a`,
      });
      await p.ok({
        type: 'item.submit',
        itemId: `ww-p${i + 1}-002`,
        stageId: 'working-well',
        text: `Strength question ${i + 1}b`,
      });
      await p.ok({ type: 'item.markStrongest', itemId: `ww-p${i + 1}-001`, strongest: true });
    }
    // A participant fixes a typo and withdraws one while writing is open.
    await P[2]!.ok({ type: 'item.edit', itemId: 'ww-p3-002', text: 'Strength question 3b, better' });
    await P[2]!.ok({ type: 'item.withdraw', itemId: 'ww-p3-002' });
    // A retried submission (same command id and item id) is applied once.
    retried = {
      id: 'retry-cmd-0001',
      type: 'item.submit',
      itemId: 'ww-p1-003',
      stageId: 'working-well',
      text: 'Sent twice',
    };
    const first = await P[0]!.send(retried);
    const second = await P[0]!.send(retried);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toEqual({ ok: true, seq: (first as { seq: number }).seq, duplicate: true });
    await A.ok({ type: 'advisorNote.send', noteId: 'adv-note-01', text: 'PRIVATE: ask about the grandmother' });
    await F.waitFor((v) => v.items.filter((i) => i.stageId === 'working-well').length === 6);

    await F.ok({ type: 'step.advance' }); // read
    for (const i of [1, 2, 3]) await F.ok({ type: 'item.readOut', itemId: `ww-p${i}-001` });
    await F.ok({ type: 'step.advance' }); // choose
    await CW.waitFor((v) => v.items.filter((i) => i.stageId === 'working-well').length === 3);
    await CW.ok({ type: 'item.choose', itemId: 'ww-p2-001', chosen: true });
    await F.ok({ type: 'step.advance' }); // map
    await F.ok({ type: 'step.advance' }); // hand over
    await F.ok({ type: 'stage.handOver' });
    const cw = await CW.waitFor((v) => v.items.filter((i) => i.stageId === 'working-well').length === 6);
    expect(cw.items.find((i) => i.id === 'ww-p2-001')!.chosen).toBe(true);
    await F.ok({ type: 'step.advance' }); // check-in
    await CW.ok({ type: 'rating.record', ratingId: 'rating-ww-1', scale: 'usefulness', value: 5 });
  });

  it('scaling, harm, danger and safety goals', async () => {
    await F.ok({ type: 'stage.advance' });
    await P[0]!.ok({
      type: 'item.submit',
      itemId: 'sc-p1-0001',
      stageId: 'scaling',
      text: 'On a scale of 0 to 10...',
      element: 'safety',
    });
    await F.ok({ type: 'step.advance' });
    await F.ok({ type: 'item.readOut', itemId: 'sc-p1-0001' });
    await F.ok({ type: 'rating.record', ratingId: 'safety-mum', scale: 'safety', value: 6, keyPlayer: 'Mum' });
    await F.ok({
      type: 'rating.record',
      ratingId: 'safety-sw1',
      scale: 'safety',
      value: 3,
      keyPlayer: 'Social worker',
    });

    await F.ok({ type: 'stage.advance' }); // harm
    const elements = ['behaviour', 'severity', 'incidence', 'impact'] as const;
    for (const [i, element] of elements.entries()) {
      await P[i % 3]!.ok({
        type: 'item.submit',
        itemId: `harm-${element}`,
        stageId: 'harm',
        text: `Harm ${element} question`,
        element,
      });
    }
    await CW.ok({ type: 'rating.record', ratingId: 'harm-mapped', scale: 'harm-mapped', value: 8 });

    await F.ok({ type: 'stage.advance' }); // danger
    await P[1]!.ok({
      type: 'item.submit',
      itemId: 'danger-p2-1',
      stageId: 'danger',
      text: 'Danger statement in plain words',
    });
    await F.ok({ type: 'stage.advance' }); // safety goals
    await P[2]!.ok({
      type: 'item.submit',
      itemId: 'goal-p3-001',
      stageId: 'safety-goals',
      text: 'CPS want Tilly to live with Dad because...',
    });
  });

  it('review, then the advisor leads the review of the group process, and the session ends', async () => {
    await F.ok({ type: 'stage.advance' }); // review
    await CW.ok({ type: 'rating.record', ratingId: 'review-use', scale: 'usefulness', value: 8 });
    await F.ok({ type: 'stage.advance' }); // process review
    await A.ok({ type: 'timer.pause' }); // the advisor leads this stage
    await A.ok({ type: 'timer.resume' });
    await P[0]!.ok({
      type: 'item.submit',
      itemId: 'pr-p1-0001',
      stageId: 'process-review',
      text: 'The timer kept us sharp',
      element: 'useful',
    });
    await CW.ok({
      type: 'item.submit',
      itemId: 'pr-cw-0001',
      stageId: 'process-review',
      text: 'Felt heard',
      element: 'useful',
    });
    await F.ok({ type: 'session.end' });
    const end = await F.waitFor((v) => v.status === 'ended');
    expect(end.stageId).toBe(STAGE_IDS.at(-1));
    const cw = await CW.waitFor((v) => v.status === 'ended');
    // At the end, every item the group wrote is handed to the caseworker.
    expect(cw.items.length).toBe(end.items.length);
    before = { facilitator: end, seq: F.seq };
  });

  it("no participant ever received another participant's unread items; only the console saw advisor notes", () => {
    for (const [i, p] of P.entries()) {
      for (const msg of p.views) {
        for (const item of msg.view.items) {
          if (!item.mine && msg.view.status === 'open')
            expect(item.readOutAt, `P${i + 1} got ${item.id}`).not.toBeNull();
        }
      }
    }
    for (const c of [CW, SCR, ...P]) {
      for (const msg of c.views) expect(JSON.stringify(msg)).not.toContain('PRIVATE: ask about the grandmother');
    }
    expect(A.view!.advisorNotes).toHaveLength(1);
  });

  it('bad input is refused with a clear error and changes nothing', async () => {
    const seq = F.seq;
    const bad = await F.send({ type: 'stage.advance', extra: 'field' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    const unknown = await F.send({ type: 'launch.missiles' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    const screen = await SCR.send({ type: 'timer.pause' });
    expect(screen.ok).toBe(false);
    expect(F.seq).toBe(seq);
  });

  it('the server log of the whole session holds no case content, only ids, roles and codes', () => {
    const log = server.logLines.join('\n');
    expect(server.logLines.length).toBeGreaterThan(5);
    for (const text of [
      'Family K',
      'Evenings are chaos',
      'Questions to ask Dad',
      'Relationship question',
      'Harm',
      'PRIVATE',
      'Mum',
      'timer kept us sharp',
      'Felt heard',
    ]) {
      expect(log, text).not.toContain(text);
    }
    expect(log).toContain('member.joined');
  });

  it('after SIGKILL and a restart on the same store, nothing accepted is lost and nothing is duplicated', async () => {
    for (const c of clients) c.close();
    await server.kill('SIGKILL');
    server = await spawnServer(dataDir);
    const F2 = connect(server.url, tokens.facilitator!);
    const after = await F2.connected();
    expect(F2.seq).toBe(before.seq);
    expect(after).toEqual(before.facilitator);
    const ids = after.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id === 'ww-p1-003')).toHaveLength(1);
    expect(after.items).toHaveLength(3 + 6 + 1 + 4 + 1 + 1 + 2);
    expect(after.ratings!.map((r) => r.id)).toEqual([
      'rating-ww-1',
      'safety-mum',
      'safety-sw1',
      'harm-mapped',
      'review-use',
    ]);
    // The retried command is still recognised as a duplicate after the restart.
    const P1 = connect(server.url, tokens.p1!);
    await P1.connected();
    const again = await P1.send(retried);
    expect(again).toMatchObject({ ok: true, duplicate: true });
  });
});
