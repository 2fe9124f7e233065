import { describe, expect, it } from 'vitest';
import { diffRole } from '../../server/realtime/publisher.js';
import { applyRolePatch, project, projectOwn, projectRole } from '../../shared/projection.js';
import { Sim } from '../helpers/sim.js';

const F = 'fac-0001';
const A = 'adv-0001';
const CW = 'cw-00001';
const SCR = 'scr-0001';
const P1 = 'p1-00001';
const P2 = 'p2-00001';

function room() {
  const s = Sim.room().goTo('working-well');
  s.do(P1, { type: 'item.submit', itemId: 'p1-unread', stageId: 'working-well', text: 'P1 secret draft' });
  s.do(P1, { type: 'item.submit', itemId: 'p1-read-1', stageId: 'working-well', text: 'P1 read out' });
  s.do(P2, { type: 'item.submit', itemId: 'p2-unread', stageId: 'working-well', text: 'P2 secret draft' });
  s.do(P1, { type: 'item.submit', itemId: 'p1-gone-1', stageId: 'working-well', text: 'P1 withdrawn text' });
  s.do(P1, { type: 'item.withdraw', itemId: 'p1-gone-1' });
  s.do(A, { type: 'advisorNote.send', noteId: 'adv-note-01', text: 'ADVISOR PRIVATE: slow down' });
  s.do(F, { type: 'exactWords.add', noteId: 'note-0001', text: 'worker exact words' });
  s.do(F, { type: 'step.advance' }).do(F, { type: 'item.readOut', itemId: 'p1-read-1' });
  s.do(CW, { type: 'rating.record', ratingId: 'rating-001', scale: 'usefulness', value: 5 });
  return s;
}

const view = (s: Sim, memberId: string) => project(s.state, { memberId, role: s.roleOf(memberId) });
const ids = (v: ReturnType<typeof project>) => v.items.map((i) => i.id).sort();
const serialized = (s: Sim, memberId: string) => JSON.stringify(view(s, memberId));

describe('projection: each viewer sees only what their role may', () => {
  it("a participant never receives another participant's unread items", () => {
    const s = room();
    expect(ids(view(s, P2))).toEqual(['p1-read-1', 'p2-unread']);
    expect(serialized(s, P2)).not.toContain('P1 secret draft');
    expect(ids(view(s, P1))).toEqual(['p1-read-1', 'p1-unread']);
    expect(serialized(s, P1)).not.toContain('P2 secret draft');
  });

  it("nobody but the facilitator and advisor receives the advisor's notes", () => {
    const s = room();
    for (const who of [CW, SCR, P1, P2]) {
      expect(view(s, who).advisorNotes).toBeUndefined();
      expect(serialized(s, who)).not.toContain('ADVISOR PRIVATE');
    }
    expect(view(s, F).advisorNotes!.map((n) => n.text)).toEqual(['ADVISOR PRIVATE: slow down']);
    expect(view(s, A).advisorNotes).toHaveLength(1);
  });

  it('withdrawn items reach nobody, not even their author', () => {
    const s = room();
    for (const who of [F, A, CW, SCR, P1, P2]) expect(serialized(s, who)).not.toContain('p1-gone-1');
  });

  it('the facilitator and advisor see every item with its author', () => {
    const s = room();
    expect(ids(view(s, F))).toEqual(['p1-read-1', 'p1-unread', 'p2-unread']);
    expect(view(s, F).items.every((i) => i.authorId !== undefined)).toBe(true);
    expect(ids(view(s, A))).toEqual(ids(view(s, F)));
  });

  it('the caseworker sees read-out items, then every item once handed over', () => {
    const s = room();
    expect(ids(view(s, CW))).toEqual(['p1-read-1']);
    s.do(F, { type: 'stage.handOver' });
    expect(ids(view(s, CW))).toEqual(['p1-read-1', 'p1-unread', 'p2-unread']);
    expect(view(s, CW).ratings).toHaveLength(1);
    expect(view(s, CW).exactWords).toHaveLength(1);
  });

  it('the screen shows read-out items only, no ratings, notes or exact words, and the join code while open', () => {
    const s = room();
    s.do(F, { type: 'stage.handOver' });
    const v = view(s, SCR);
    expect(ids(v)).toEqual(['p1-read-1']);
    expect(v.ratings).toBeUndefined();
    expect(v.exactWords).toBeUndefined();
    expect(v.joinCode).toBe('KMX4TQ');
    s.do(F, { type: 'session.lock', locked: true });
    expect(view(s, SCR).joinCode).toBeNull();
  });

  it('participants see no ratings, exact words or join code', () => {
    const s = room();
    expect(view(s, P1).ratings).toBeUndefined();
    expect(view(s, P1).exactWords).toBeUndefined();
    expect(view(s, P1).joinCode).toBeNull();
  });

  it('authors stay anonymous outside the console unless attribution is on', () => {
    const s = room();
    const readByOthers = (who: string) => view(s, who).items.find((i) => i.id === 'p1-read-1')!;
    for (const who of [CW, SCR, P2]) expect(readByOthers(who).authorId).toBeUndefined();
    expect(readByOthers(P1)).toMatchObject({ mine: true, authorName: 'P1' });
    s.do(F, { type: 'session.setAttribution', on: true });
    for (const who of [CW, SCR, P2]) expect(readByOthers(who).authorName).toBe('P1');
  });

  it("a role view is the same for every member of the role and holds nobody's unread items", () => {
    const s = room();
    const forP1 = JSON.stringify(projectRole(s.state, 'participant'));
    expect(forP1).not.toContain('secret draft');
    expect(projectRole(s.state, 'participant').items.every((i) => !i.mine)).toBe(true);
    expect(
      projectOwn(s.state, { memberId: P1, role: 'participant' })
        .map((i) => i.id)
        .sort(),
    ).toEqual(['p1-read-1', 'p1-unread']);
    expect(projectOwn(s.state, { memberId: P2, role: 'participant' }).map((i) => i.id)).toEqual(['p2-unread']);
  });
});

describe('incremental role views', () => {
  const byId = (v: ReturnType<typeof projectRole>) => ({
    ...v,
    items: [...v.items].sort((a, b) => a.id.localeCompare(b.id)),
  });

  it('a view kept up to date with patches equals the whole view after every change, for every role', () => {
    const s = Sim.room();
    const roles = ['facilitator', 'advisor', 'caseworker', 'participant', 'screen'] as const;
    const held = new Map(roles.map((r) => [r, projectRole(s.state, r)]));
    let cache = new Map(roles.map((r) => [r, diffRole(s.state, r, undefined, 0).cache]));
    let upserts = 0;
    const carriedBase: Record<string, number> = {};
    const screenBase: Record<string, number> = {};
    const step = (memberId: string, command: Parameters<Sim['do']>[1]) => {
      s.do(memberId, command);
      const next = new Map(cache);
      for (const role of roles) {
        const { patch, cache: c } = diffRole(s.state, role, cache.get(role), 1);
        upserts += patch.upserts.length;
        if (patch.base) carriedBase[command.type] = (carriedBase[command.type] ?? 0) + 1;
        if (patch.base && role === 'screen') screenBase[command.type] = (screenBase[command.type] ?? 0) + 1;
        next.set(role, c);
        held.set(role, applyRolePatch(held.get(role)!, patch));
        expect(byId(held.get(role)!)).toEqual(byId(projectRole(s.state, role)));
      }
      cache = next;
    };
    s.goTo('working-well');
    for (const role of roles) held.set(role, projectRole(s.state, role));
    cache = new Map(roles.map((r) => [r, diffRole(s.state, r, undefined, 0).cache]));
    step(P1, { type: 'item.submit', itemId: 'inc-0001', stageId: 'working-well', text: 'Q1' });
    step(P2, { type: 'item.submit', itemId: 'inc-0002', stageId: 'working-well', text: 'Q2' });
    step(P2, { type: 'item.withdraw', itemId: 'inc-0002' });
    step(P1, { type: 'item.submit', itemId: 'inc-0003', stageId: 'working-well', text: 'Q3' });
    step(P1, { type: 'item.edit', itemId: 'inc-0003', text: 'Q3, edited' });
    step(P2, { type: 'item.submit', itemId: 'inc-0004', stageId: 'working-well', text: 'Q4, never read out' });
    step(F, { type: 'step.advance' });
    step(F, { type: 'item.readOut', itemId: 'inc-0001' });
    step(CW, { type: 'item.choose', itemId: 'inc-0001', chosen: true });
    step(F, { type: 'timer.pause' }); // no item changes: nothing to diff
    step(F, { type: 'session.setAttribution', on: true });
    step(F, { type: 'item.readOut', itemId: 'inc-0003' }); // an item change with attribution on
    step(F, { type: 'stage.handOver' }); // Q4 now reaches the caseworker, though Q4 itself did not change
    // A late joiner changes the members (names in views): every item is looked at again.
    s.join('p3-00001', 'participant', 'P3');
    step(F, { type: 'session.setAttribution', on: false });
    step(CW, { type: 'item.choose', itemId: 'inc-0003', chosen: true });
    // Unchanged items are not sent again: far fewer upserts than items x roles x changes.
    expect(upserts).toBeLessThan(60);
    // The rest of the view goes only when it changed: for writing, editing or withdrawing only to
    // the screen (its count of items written: 4 submitted, 1 withdrawn); always for the clock,
    // attribution and a hand-over.
    expect(carriedBase['item.submit']).toBe(4);
    expect(screenBase['item.submit']).toBe(4);
    expect(carriedBase['item.edit'] ?? 0).toBe(0);
    expect(carriedBase['item.withdraw']).toBe(1);
    expect(screenBase['item.withdraw']).toBe(1);
    expect(carriedBase['timer.pause']).toBe(roles.length);
    expect(carriedBase['session.setAttribution']).toBe(2 * roles.length);
    expect(carriedBase['stage.handOver']).toBe(roles.length);
  });
});
