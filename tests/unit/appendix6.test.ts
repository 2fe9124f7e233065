/**
 * The rules of Appendix 6, through the machine with a fake clock. Each test names the rule IDs of
 * docs/PROCESS-SPEC.md it checks.
 */
import { describe, expect, it } from 'vitest';
import { boardContent, safetyScaleText } from '../../server/board/sessionNotes.js';
import { buildPack } from '../../shared/pack.js';
import {
  estimatedSessionMinutes,
  promptFor,
  READ_PROMPTS,
  STAGES,
  type StageId,
  stageChooses,
  stageSpec,
  timedLengths,
} from '../../shared/process/stages.js';
import { elapsedMs, formatTimer, readTimer } from '../../shared/process/timer.js';
import { projectRole } from '../../shared/projection.js';
import { Sim } from '../helpers/sim.js';

const F = 'fac-0001';
const A = 'adv-0001';
const CW = 'cw-00001';
const P1 = 'p1-00001';
const P2 = 'p2-00001';
const MIN = 60_000;

/** A stage with one item from P1 read out, in its read step (or wherever reading happens). */
function readItem(stage: StageId, element: string | null = null): Sim {
  const s = Sim.room().goTo(stage);
  if (stage === 'review') s.do(F, { type: 'step.advance' }); // the review opens with its check-in
  s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: stage, text: 'An item', element });
  if (s.state.stepIndex !== null) s.do(F, { type: 'step.advance' });
  s.do(F, { type: 'item.readOut', itemId: 'item-0001' });
  return s;
}

describe('choosing (A6-WW-4, A6-SCALE-3, A6-HARM-5, A6-REV-3, A6-DANGER-4, A6-SG-5, A6-ROUGH-1, A6-PROC-2)', () => {
  it('A6-WW-4 A6-SCALE-3 A6-HARM-5 A6-REV-3: the worker chooses in question rounds only', () => {
    expect(STAGES.filter(stageChooses).map((s) => s.id)).toEqual(['working-well', 'scaling', 'harm', 'review']);
    for (const [stage, element] of [
      ['working-well', null],
      ['scaling', 'safety'],
      ['harm', 'impact'],
      ['review', null],
    ] as const) {
      const s = readItem(stage, element).do(CW, { type: 'item.choose', itemId: 'item-0001', chosen: true });
      expect(s.state.items['item-0001']!.chosen, stage).toBe(true);
    }
  });

  it('A6-DANGER-4 A6-SG-5 A6-ROUGH-1: statements and drafts go whole; choosing one is refused', () => {
    for (const [stage, element] of [
      ['danger', null],
      ['safety-goals', null],
      ['rough', 'danger'],
    ] as const) {
      const s = readItem(stage, element);
      const error = s.refuse(CW, { type: 'item.choose', itemId: 'item-0001', chosen: true });
      expect(error.code, stage).toBe('WRONG_STAGE');
      expect(error.message).toMatch(/whole set/);
      expect(s.refuse(F, { type: 'item.choose', itemId: 'item-0001', chosen: true }).code).toBe('WRONG_STAGE');
    }
  });

  it('A6-PROC-2: a process-review point is never chosen, never on the map, never in the pack', () => {
    const s = Sim.room().goTo('process-review');
    s.do(P1, { type: 'item.submit', itemId: 'proc-0001', stageId: 'process-review', text: 'Pace', element: 'issue' });
    s.do(A, { type: 'item.readOut', itemId: 'proc-0001' });
    expect(s.refuse(CW, { type: 'item.choose', itemId: 'proc-0001', chosen: true }).message).toMatch(/process/);
    const place = {
      type: 'map.place',
      placementId: 'place-0001',
      part: 'next-steps',
      source: { kind: 'item', itemId: 'proc-0001' },
    } as const;
    expect(s.refuse(F, place).code).toBe('WRONG_STAGE');
    s.do(F, { type: 'session.end' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(JSON.stringify(pack)).not.toContain('Pace');
    expect(boardContent(s.state).notes).toEqual([]);
  });

  it('A6-DANGER-4: a danger statement chosen in an older session stays out of the next steps and the board', () => {
    const s = readItem('danger');
    // As a session stored before the rule would hold it.
    s.state = { ...s.state, items: { 'item-0001': { ...s.state.items['item-0001']!, chosen: true, chosenAt: s.now } } };
    s.do(F, { type: 'stage.handOver' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(pack.nextSteps).toEqual([]);
    expect(pack.sections[0]!.chosenCount).toBe(0);
    expect(pack.sections[0]!.chooses).toBe(false);
    expect(boardContent(s.state).notes).toEqual([]);
  });
});

describe('read-out (A6-WW-3, A6-ROUGH-2, A6-DANGER-3, A6-SG-4)', () => {
  it('A6-WW-3 A6-SCALE-2 A6-HARM-3: a participant marks at most two strongest; the facilitator marks all of theirs', () => {
    const s = Sim.room().goTo('working-well');
    for (const n of [1, 2, 3, 4]) {
      s.do(P1, { type: 'item.submit', itemId: `p-item-000${n}`, stageId: 'working-well', text: `P${n}` });
      s.do(F, { type: 'item.submit', itemId: `f-item-000${n}`, stageId: 'working-well', text: `F${n}` });
    }
    s.do(P1, { type: 'item.markStrongest', itemId: 'p-item-0001', strongest: true });
    s.do(P1, { type: 'item.markStrongest', itemId: 'p-item-0002', strongest: true });
    expect(s.refuse(P1, { type: 'item.markStrongest', itemId: 'p-item-0003', strongest: true }).code).toBe('LIMIT');
    for (const n of [1, 2, 3, 4]) s.do(F, { type: 'item.markStrongest', itemId: `f-item-000${n}`, strongest: true });
    expect(Object.values(s.state.items).filter((i) => i.authorId === F && i.strongest)).toHaveLength(4);
  });

  it('A6-DANGER-3 A6-SG-4 A6-ROUGH-2: nobody picks a strongest where everyone (or some) read theirs', () => {
    for (const [stage, element] of [
      ['danger', null],
      ['safety-goals', null],
      ['rough', 'danger'],
    ] as const) {
      const s = Sim.room().goTo(stage);
      s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: stage, text: 'Mine', element });
      expect(s.refuse(P1, { type: 'item.markStrongest', itemId: 'item-0001', strongest: true }).code, stage).toBe(
        'WRONG_STAGE',
      );
    }
  });

  it('A6-DANGER-3 A6-SG-4 A6-ROUGH-2 A6-WW-3: every screen states the stage read rule', () => {
    expect(promptFor(stageSpec('danger'), 'read')).toBe('Everyone reads theirs, the facilitator included.');
    expect(promptFor(stageSpec('safety-goals'), 'read')).toBe(READ_PROMPTS.all);
    expect(promptFor(stageSpec('rough'), 'read')).toMatch(/facilitator reads theirs last/);
    for (const id of ['working-well', 'scaling', 'harm', 'review'] as const)
      expect(promptFor(stageSpec(id), 'read')).toMatch(/strongest one or two\. The facilitator reads all of theirs/);
  });
});

describe('ratings in their own series (A6-WW-7, A6-HARM-4, A6-HARM-7, A6-SCALE-6)', () => {
  it('A6-HARM-7: harm has no check-in step; its round ends at the hand-over', () => {
    expect(stageSpec('harm').round.map((s) => s.id)).toEqual(['write', 'read', 'choose', 'map', 'hand-over']);
  });

  it('A6-HARM-4: how well past harm is mapped is its own series, rated only in the harm stage', () => {
    const s = Sim.room().goTo('scaling');
    const harm = { type: 'rating.record', ratingId: 'harm-0001', scale: 'harm-mapped', value: 3 } as const;
    expect(s.refuse(CW, harm).code).toBe('WRONG_STAGE');
    s.goTo('harm').do(CW, harm);
    s.do(F, { type: 'rating.record', ratingId: 'use-00001', scale: 'usefulness', value: 6, words: 'the questions' });
    s.do(F, { type: 'session.end' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(pack.harmMapped.map((r) => r.value)).toEqual([3]);
    expect(pack.usefulness.map((r) => [r.value, r.words])).toEqual([[6, 'the questions']]);
  });

  it("A6-WW-7: a check-in keeps the worker's words with the number; only check-ins take words", () => {
    const s = Sim.room().goTo('working-well');
    s.do(CW, { type: 'rating.record', ratingId: 'use-00001', scale: 'usefulness', value: 5, words: 'the genogram' });
    expect(s.state.ratings[0]).toMatchObject({ scale: 'usefulness', value: 5, words: 'the genogram' });
    s.goTo('harm');
    const wordsOnHarm = { type: 'rating.record', ratingId: 'harm-0001', scale: 'harm-mapped', value: 2, words: 'x' };
    expect(s.refuse(CW, wordsOnHarm as never).code).toBe('INVALID');
  });

  it("A6-SCALE-5 A6-SCALE-6: the worker's safety scale is data, rated by key players, on the board and in the pack", () => {
    const s = Sim.room().goTo('working-well');
    const scale = {
      type: 'safetyScale.set',
      question: 'How safe is Tilly at home?',
      ten: 'Tilly is safe enough to close the case',
      zero: 'Tilly must not go home',
    } as const;
    expect(s.refuse(F, scale).code).toBe('WRONG_STAGE');
    s.goTo('scaling').do(F, scale);
    s.do(F, { type: 'rating.record', ratingId: 'safe-0001', scale: 'safety', value: 4, keyPlayer: 'Mum' });
    s.do(F, { type: 'rating.record', ratingId: 'safe-0002', scale: 'safety', value: 2, keyPlayer: 'Social worker' });
    s.do(F, { type: 'rating.record', ratingId: 'safe-0003', scale: 'safety', value: 5, keyPlayer: 'Mum' });
    expect(safetyScaleText(s.state)).toBe(
      'How safe is Tilly at home?\n10 = Tilly is safe enough to close the case\n0 = Tilly must not go home\n' +
        'Ratings: Mum 5 · Social worker 2',
    );
    expect(projectRole(s.state, 'screen').safetyScale?.question).toBe('How safe is Tilly at home?');
    s.do(F, { type: 'session.end' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(pack.safetyScaleDefinition).toEqual({ question: scale.question, ten: scale.ten, zero: scale.zero });
    expect(pack.safetyScale.map((r) => `${r.keyPlayer} ${r.value}`)).toEqual(['Mum 4', 'Social worker 2', 'Mum 5']);
  });

  it('A6-SCALE-1: scaling questions say whether they are the safety scaling question or another', () => {
    const s = Sim.room().goTo('scaling');
    const q = { type: 'item.submit', itemId: 'item-0001', stageId: 'scaling', text: 'On a scale...' } as const;
    expect(s.refuse(P1, q).code).toBe('INVALID');
    s.do(P1, { ...q, element: 'safety' }).do(P2, { ...q, itemId: 'item-0002', element: 'other' });
    expect(Object.values(s.state.items).map((i) => i.element)).toEqual(['safety', 'other']);
  });
});

describe('time as the seed gives it (PRD-TIME-1, PRD-TIME-2)', () => {
  it('PRD-TIME-1: steps the seed times count down; the others count up and cannot be extended', () => {
    const s = Sim.room().goTo('working-well');
    expect(s.state.stepTimer!.plannedMs).toBe(5 * MIN);
    s.do(F, { type: 'step.advance' }).tick(7 * MIN);
    expect(s.state.stepTimer!.plannedMs).toBeNull();
    const reading = readTimer(s.state.stepTimer!, s.now);
    expect(reading).toMatchObject({ mode: 'elapsed', overtimeMs: 0 });
    expect(formatTimer(reading)).toBe('7:00');
    expect(elapsedMs(s.state.stepTimer!, s.now)).toBe(7 * MIN);
    expect(s.refuse(F, { type: 'timer.extend', scope: 'step', minutes: 1 }).message).toMatch(/counts up/);
    expect(s.state.stageTimer.plannedMs).toBeNull();
  });

  it("PRD-TIME-1: the seed times the preparatory steps, the writing, and the what's-working-well mapping only", () => {
    expect(timedLengths().map((t) => `${t.key} ${t.minutes}`)).toEqual([
      'introductions 3',
      'genogram 3',
      'description 3',
      'goal 3',
      'working-well 5',
      'working-well.map 10',
      'scaling 5',
      'harm 5',
      'danger 5',
      'safety-goals 5',
    ]);
    const s = Sim.room().goTo('rough');
    expect(s.state.stepTimer!.plannedMs).toBeNull();
    s.goTo('review');
    expect(s.state.stepTimer!.plannedMs).toBeNull();
    s.goTo('process-review');
    expect(s.state.stageTimer.plannedMs).toBeNull();
  });

  it('PRD-TIME-2: every timed length can be changed; the estimate adds typical lengths of untimed steps', () => {
    const s = new Sim({ durations: { 'working-well.map': 15, harm: 3 } }).goTo('working-well');
    s.do('fac-0001', { type: 'step.advance' }).do('fac-0001', { type: 'step.advance' });
    s.do('fac-0001', { type: 'step.advance' });
    expect(s.state.stepTimer!.plannedMs).toBe(15 * MIN);
    s.goTo('harm');
    expect(s.state.stepTimer!.plannedMs).toBe(3 * MIN);
    const estimate = estimatedSessionMinutes({ durations: {} });
    expect(estimate).toBeGreaterThan(100);
    expect(estimate).toBeLessThan(150);
    expect(estimatedSessionMinutes({ durations: { 'working-well.map': 15 } })).toBe(estimate + 5);
  });

  it('A6-DANGER-2: words and pictures takes about 10 minutes, even when switched on during the writing', () => {
    const s = Sim.room().goTo('danger');
    expect(s.state.stepTimer!.plannedMs).toBe(5 * MIN);
    s.do(F, { type: 'session.setWordsAndPictures', stageId: 'danger', on: true });
    expect(s.state.stepTimer!.plannedMs).toBe(10 * MIN);
    expect(boardContent(s.state).wordsAndPictures).toEqual(['danger']);
    const later = new Sim().goTo('genogram');
    later.do(F, { type: 'session.setWordsAndPictures', stageId: 'danger', on: true }).goTo('danger');
    expect(later.state.stepTimer!.plannedMs).toBe(10 * MIN);
  });
});

describe('the review (A6-REV-1 to A6-REV-4)', () => {
  it("A6-REV-1 A6-REV-2 A6-REV-3 A6-REV-4: the worker's answers are recorded; the further round carries the focus", () => {
    const s = Sim.room().goTo('safety-goals');
    expect(s.refuse(F, { type: 'review.set', enough: false }).code).toBe('WRONG_STAGE');
    s.goTo('review');
    s.do(F, { type: 'rating.record', ratingId: 'use-00001', scale: 'usefulness', value: 8, words: 'the harm map' });
    s.do(F, { type: 'review.set', mostUseful: 'the harm map', enough: false });
    s.do(F, { type: 'review.set', focus: "Dad's drinking" });
    s.do(F, { type: 'review.set', stickingPoint: 'none' });
    expect(s.state.review).toEqual({
      mostUseful: 'the harm map',
      enough: false,
      focus: "Dad's drinking",
      stickingPoint: 'none',
    });
    const view = projectRole(s.state, 'participant');
    expect(view.reviewTopic).toBe("Dad's drinking");
    expect(view.review).toBeUndefined();
    expect(promptFor(stageSpec('review'), 'write', view.reviewTopic)).toBe("Write questions on: Dad's drinking");
    s.do(F, { type: 'session.end' });
    expect(buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now }).review.focus).toBe("Dad's drinking");
  });
});

describe('practice (A6-DESC-3, A6-WW-2, A6-ADV-1, MAP-2)', () => {
  it('A6-DESC-3: observers and the advisor hand in exact words, marked as from the group', () => {
    const s = Sim.room().goTo('genogram');
    const words = { type: 'exactWords.handIn', noteId: 'grp-note-01', text: '"They never listen"' } as const;
    expect(s.refuse(P1, words).code).toBe('WRONG_STAGE');
    s.goTo('description').do(P1, words).do(P1, words); // a retry is applied once
    s.do(A, { ...words, noteId: 'grp-note-02' });
    expect(s.state.exactWords.map((n) => [n.fromGroup, n.authorId])).toEqual([
      [true, P1],
      [true, A],
    ]);
    expect(projectRole(s.state, 'caseworker').exactWords).toHaveLength(2);
    expect(projectRole(s.state, 'participant').exactWords).toBeUndefined();
    expect(s.refuse(CW, words).code).toBe('FORBIDDEN');
  });

  it("A6-WW-2: writers mark relationship questions, in what's working well only", () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, {
      type: 'item.submit',
      itemId: 'item-0001',
      stageId: 'working-well',
      text: 'What would Gran say...?',
      relationship: true,
    });
    expect(projectRole(s.state, 'facilitator').items[0]!.relationship).toBe(true);
    s.do(P1, { type: 'item.edit', itemId: 'item-0001', text: 'What would Gran say?', relationship: false });
    expect(s.state.items['item-0001']!.relationship).toBeUndefined();
    s.goTo('scaling');
    const scaling = { type: 'item.submit', itemId: 'item-0002', stageId: 'scaling', text: 'Q', element: 'other' };
    expect(s.refuse(P1, { ...scaling, relationship: true } as never).code).toBe('INVALID');
  });

  it('A6-ADV-1: the channel runs both ways and each side sees when its note was seen', () => {
    const s = Sim.room();
    s.do(F, { type: 'advisorNote.send', noteId: 'fac-note-01', text: 'Am I losing the worker?' });
    s.do(A, { type: 'advisorNote.send', noteId: 'adv-note-01', text: 'Ask about Gran' });
    expect(s.state.advisorNotes.map((n) => n.to)).toEqual(['advisor', 'facilitator']);
    expect(s.refuse(F, { type: 'advisorNote.seen', noteId: 'fac-note-01' }).code).toBe('NOT_FOUND');
    s.tick(1000).do(A, { type: 'advisorNote.seen', noteId: 'fac-note-01' });
    expect(s.state.advisorNotes[0]!.seenAt).toBe(s.now);
    expect(projectRole(s.state, 'caseworker').advisorNotes).toBeUndefined();
    expect(s.refuse(P1, { type: 'advisorNote.send', noteId: 'p-note-001', text: 'hi' }).code).toBe('FORBIDDEN');
  });

  it('MAP-1 MAP-2: the facilitator sends items and exact words to parts; chosen questions go to the next steps', () => {
    const s = readItem('danger');
    s.do(F, { type: 'exactWords.add', noteId: 'note-0001', text: 'He hit her' });
    s.do(F, {
      type: 'map.place',
      placementId: 'place-0001',
      part: 'danger',
      source: { kind: 'item', itemId: 'item-0001' },
    });
    s.do(F, {
      type: 'map.place',
      placementId: 'place-0002',
      part: 'harm',
      source: { kind: 'words', noteId: 'note-0001' },
    });
    const scalePart = { type: 'map.place', placementId: 'place-0003', part: 'safety-scale' } as const;
    expect(s.refuse(F, { ...scalePart, source: { kind: 'item', itemId: 'item-0001' } }).code).toBe('INVALID');
    expect(boardContent(s.state).notes.map((n) => [n.part, n.text])).toEqual([
      ['danger', 'An item'],
      ['harm', '“He hit her”'],
    ]);
    s.do(F, { type: 'map.remove', placementId: 'place-0001' }).do(F, { type: 'map.remove', placementId: 'place-0001' });
    expect(boardContent(s.state).notes.map((n) => n.part)).toEqual(['harm']);
    const w = readItem('working-well').do(CW, { type: 'item.choose', itemId: 'item-0001', chosen: true });
    expect(boardContent(w.state).notes.map((n) => [n.part, n.text])).toEqual([['next-steps', 'An item']]);
  });
});
