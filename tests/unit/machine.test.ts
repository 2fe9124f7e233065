import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { STAGE_IDS, STAGES, stageMinutes } from '../../shared/process/stages.js';
import { elapsedMs, remainingMs } from '../../shared/process/timer.js';
import { currentStep, isWritingOpen } from '../../shared/state.js';
import { Sim } from '../helpers/sim.js';

const F = 'fac-0001';
const A = 'adv-0001';
const CW = 'cw-00001';
const P1 = 'p1-00001';
const P2 = 'p2-00001';
const MIN = 60_000;

describe('process definition', () => {
  it('has the 12 stages of Appendix 6 in order', () => {
    expect(STAGES.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(STAGES.map((s) => s.id)).toEqual([...STAGE_IDS]);
  });

  it("uses the seed's default times", () => {
    const minutes = (id: string) => STAGES.find((s) => s.id === id)!;
    const timing = { durations: {} };
    expect(stageMinutes(minutes('introductions'), timing)).toBe(3);
    expect(stageMinutes(minutes('genogram'), timing)).toBe(3);
    expect(stageMinutes(minutes('description'), timing)).toBe(3);
    expect(stageMinutes(minutes('goal'), timing)).toBe(3);
    const write = (id: string) => minutes(id).round.find((s) => s.id === 'write')!.minutes;
    expect(write('working-well')).toBe(5);
    expect(write('scaling')).toBe(5);
    expect(write('harm')).toBeGreaterThanOrEqual(2);
    expect(write('harm')).toBeLessThanOrEqual(5);
    expect(write('danger')).toBe(5);
    expect(write('safety-goals')).toBe(5);
    expect(minutes('working-well').round.find((s) => s.id === 'map')!.minutes).toBeGreaterThanOrEqual(10);
  });

  it('question stages 6 and 7 run the full round: write, read, choose, map, hand over, check-in', () => {
    for (const id of ['working-well', 'scaling']) {
      expect(STAGES.find((s) => s.id === id)!.round.map((r) => r.id)).toEqual([
        'write',
        'read',
        'choose',
        'map',
        'hand-over',
        'check-in',
      ]);
    }
  });

  it('every stage has a prompt and cue lines; only the last is led by the advisor', () => {
    for (const s of STAGES) {
      expect(s.prompt.length).toBeGreaterThan(10);
      expect(s.cues.length).toBeGreaterThan(0);
    }
    expect(STAGES.filter((s) => s.lead === 'advisor').map((s) => s.id)).toEqual(['process-review']);
  });

  it('harm items carry one of behaviour, severity, incidence, impact', () => {
    const harm = STAGES.find((s) => s.id === 'harm')!;
    expect(harm.items!.elements!.map((e) => e.id)).toEqual(['behaviour', 'severity', 'incidence', 'impact']);
  });
});

describe('stage transitions', () => {
  it('a new session waits in introductions with an idle clock', () => {
    const s = Sim.room();
    expect(s.stageId()).toBe('introductions');
    expect(s.state.stageTimer.started).toBe(false);
    expect(s.state.startedAt).toBeNull();
  });

  it('advances through every stage in order and refuses to advance past the last', () => {
    const s = Sim.room();
    const seen = [s.stageId()];
    for (let i = 1; i < STAGES.length; i++) {
      s.tick(MIN).do(F, { type: 'stage.advance' });
      seen.push(s.stageId());
    }
    expect(seen).toEqual([...STAGE_IDS]);
    // The advisor leads the last stage, so they may drive it too.
    expect(s.refuse(A, { type: 'stage.advance' }).code).toBe('WRONG_STAGE');
    expect(s.refuse(F, { type: 'stage.advance' }).message).toMatch(/last stage/);
  });

  it('goes back one stage, and refuses to go back from the first', () => {
    const s = Sim.room();
    expect(s.refuse(F, { type: 'stage.back' }).code).toBe('WRONG_STAGE');
    s.goTo('goal').do(F, { type: 'stage.back' });
    expect(s.stageId()).toBe('description');
    expect(s.state.furthestStageIndex).toBe(3);
  });

  it('skip moves on and records the stage as skipped', () => {
    const s = Sim.room().do(F, { type: 'stage.skip' });
    expect(s.stageId()).toBe('genogram');
    expect(s.state.visits[0]).toMatchObject({ stageId: 'introductions', skipped: true });
    expect(s.state.visits[1]).toMatchObject({ stageId: 'genogram', skipped: false });
  });

  it('entering a stage starts its clock from the planned length', () => {
    const s = Sim.room().do(F, { type: 'stage.advance' });
    expect(s.state.stageTimer.runningSince).toBe(s.now);
    expect(remainingMs(s.state.stageTimer, s.now + MIN)).toBe(2 * MIN);
    expect(s.state.startedAt).toBe(s.now);
  });

  it('question stages start at the write step with its own clock', () => {
    const s = Sim.room().goTo('working-well');
    expect(currentStep(s.state)).toBe('write');
    expect(s.state.stepTimer!.plannedMs).toBe(5 * MIN);
    expect(isWritingOpen(s.state)).toBe(true);
  });

  it('steps advance through the round, refuse past its end, and go back', () => {
    const s = Sim.room().goTo('working-well');
    const steps = [currentStep(s.state)];
    for (let i = 1; i < 6; i++) {
      s.do(F, { type: 'step.advance' });
      steps.push(currentStep(s.state));
    }
    expect(steps).toEqual(['write', 'read', 'choose', 'map', 'hand-over', 'check-in']);
    expect(s.refuse(F, { type: 'step.advance' }).code).toBe('WRONG_STAGE');
    s.do(F, { type: 'step.back' });
    expect(currentStep(s.state)).toBe('hand-over');
  });

  it('step skip records the skipped step; going back to it clears the mark', () => {
    const s = Sim.room().goTo('review');
    expect(currentStep(s.state)).toBe('check-in');
    s.do(F, { type: 'step.advance' }).do(F, { type: 'step.skip' });
    expect(s.state.skippedSteps).toEqual(['write']);
    s.do(F, { type: 'step.back' });
    expect(s.state.skippedSteps).toEqual([]);
  });

  it('stages without a round refuse step commands', () => {
    const s = Sim.room().goTo('genogram');
    expect(s.refuse(F, { type: 'step.advance' }).code).toBe('WRONG_STAGE');
    expect(s.refuse(F, { type: 'step.back' }).code).toBe('WRONG_STAGE');
    expect(s.refuse(F, { type: 'timer.extend', scope: 'step', minutes: 1 }).code).toBe('WRONG_STAGE');
  });

  it('a step back from the first step refuses', () => {
    const s = Sim.room().goTo('harm');
    expect(s.refuse(F, { type: 'step.back' }).message).toMatch(/first step/);
  });

  it('the session honours custom durations for stages and write steps', () => {
    const s = new Sim({ durations: { genogram: 4, 'working-well': 7 } });
    s.goTo('genogram');
    expect(s.state.stageTimer.plannedMs).toBe(4 * MIN);
    s.goTo('working-well');
    expect(s.state.stepTimer!.plannedMs).toBe(7 * MIN);
  });
});

describe('timer commands with a fake clock', () => {
  it('start begins the session clock once; a second start is refused', () => {
    const s = Sim.room().do(F, { type: 'timer.start' });
    expect(s.state.startedAt).toBe(s.now);
    s.tick(30_000);
    expect(remainingMs(s.state.stageTimer, s.now)).toBe(3 * MIN - 30_000);
    expect(s.refuse(F, { type: 'timer.start' }).code).toBe('CONFLICT');
  });

  it('pause and resume stop and restart both the stage and step clocks', () => {
    const s = Sim.room().goTo('scaling');
    s.tick(MIN).do(F, { type: 'timer.pause' });
    expect(s.refuse(F, { type: 'timer.pause' }).code).toBe('CONFLICT');
    s.tick(10 * MIN);
    expect(remainingMs(s.state.stepTimer!, s.now)).toBe(4 * MIN);
    s.do(F, { type: 'timer.resume' }).tick(MIN);
    expect(remainingMs(s.state.stepTimer!, s.now)).toBe(3 * MIN);
    expect(s.refuse(F, { type: 'timer.resume' }).code).toBe('CONFLICT');
  });

  it('resume before start is refused', () => {
    const s = Sim.room();
    expect(s.refuse(F, { type: 'timer.resume' }).code).toBe('CONFLICT');
  });

  it('extend adds minutes to the stage or the step, and shortens with a negative value', () => {
    const s = Sim.room().goTo('harm');
    s.do(F, { type: 'timer.extend', scope: 'step', minutes: 2 });
    expect(s.state.stepTimer!.plannedMs).toBe(7 * MIN);
    const g = Sim.room().goTo('genogram').do(F, { type: 'timer.extend', scope: 'stage', minutes: -1.5 });
    expect(g.state.stageTimer.plannedMs).toBe(3 * MIN - 90_000);
  });

  it('overrunning never advances: the stage stays until the facilitator moves on', () => {
    const s = Sim.room().goTo('genogram');
    s.tick(20 * MIN);
    expect(s.stageId()).toBe('genogram');
    expect(remainingMs(s.state.stageTimer, s.now)).toBe(-17 * MIN);
  });

  it('moving between steps while paused keeps the clock paused', () => {
    const s = Sim.room().goTo('working-well').do(F, { type: 'timer.pause' }).do(F, { type: 'step.advance' });
    expect(s.state.stepTimer!.runningSince).toBeNull();
    s.tick(MIN);
    expect(elapsedMs(s.state.stepTimer!, s.now)).toBe(0);
  });
});

describe('items', () => {
  it('participants write while writing is open; items carry their kind', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, {
      type: 'item.submit',
      itemId: 'item-0001',
      stageId: 'working-well',
      text: '  Who helps Mum in the mornings?  ',
    });
    expect(s.state.items['item-0001']).toMatchObject({
      text: 'Who helps Mum in the mornings?',
      kind: 'working-well-question',
      late: false,
      authorId: P1,
    });
  });

  it('a retried submission with the same client id is applied once', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    const before = s.state;
    const r = s.try(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    expect(r.ok && r.changed).toBe(false);
    expect(s.state).toBe(before);
    expect(Object.keys(s.state.items)).toHaveLength(1);
  });

  it("someone else's item id is a conflict", () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    expect(s.refuse(P2, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q2' }).code).toBe(
      'CONFLICT',
    );
  });

  it('harm items need a valid element; others refuse one', () => {
    const s = Sim.room().goTo('harm');
    expect(s.refuse(P1, { type: 'item.submit', itemId: 'harm-0001', stageId: 'harm', text: 'Q' }).code).toBe('INVALID');
    expect(
      s.refuse(P1, { type: 'item.submit', itemId: 'harm-0001', stageId: 'harm', text: 'Q', element: 'colour' }).code,
    ).toBe('INVALID');
    s.do(P1, { type: 'item.submit', itemId: 'harm-0001', stageId: 'harm', text: 'How often?', element: 'incidence' });
    expect(s.state.items['harm-0001']!.element).toBe('incidence');
    expect(
      s.refuse(P1, { type: 'item.submit', itemId: 'item-0009', stageId: 'working-well', text: 'Q', element: 'impact' })
        .code,
    ).toBe('INVALID');
  });

  it('stages without items refuse submissions; stages not reached refuse them too', () => {
    const s = Sim.room().goTo('genogram');
    expect(s.refuse(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'genogram', text: 'Q' }).code).toBe(
      'WRONG_STAGE',
    );
    expect(s.refuse(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'danger', text: 'Q' }).code).toBe(
      'WRONG_STAGE',
    );
  });

  it('the caseworker does not write questions for their own case, but joins the process review', () => {
    const s = Sim.room().goTo('working-well');
    expect(s.refuse(CW, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q' }).code).toBe(
      'FORBIDDEN',
    );
    s.goTo('process-review');
    s.do(CW, {
      type: 'item.submit',
      itemId: 'item-0002',
      stageId: 'process-review',
      text: 'Felt heard',
      element: 'useful',
    });
  });

  it('an item written before writing closed but delivered late is kept and marked late', () => {
    const s = Sim.room().goTo('working-well').do(F, { type: 'step.advance' });
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q from an offline phone' });
    expect(s.state.items['item-0001']!.late).toBe(true);
    s.goTo('scaling');
    s.do(P2, { type: 'item.submit', itemId: 'item-0002', stageId: 'working-well', text: 'Even later' });
    expect(s.state.items['item-0002']!.late).toBe(true);
  });

  it('after the end only a caseworker may still join: the record is theirs to agree', () => {
    const s = Sim.room().do(F, { type: 'session.end' });
    s.join('cw-00002', 'caseworker', 'Cas on a new phone');
    expect(s.state.members['cw-00002']?.role).toBe('caseworker');
    expect(() => s.join('p9-00001', 'participant', 'Late')).toThrow(/ended/);
    expect(() => s.join('adv-0002', 'advisor', 'Late')).toThrow(/ended/);
  });

  it('bounds the changes to one item: toggling an edit is no way to flood the log', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q0' });
    for (let i = 1; i <= LIMITS.editsPerItem; i++) s.do(P1, { type: 'item.edit', itemId: 'item-0001', text: `Q${i}` });
    const refusal = s.refuse(P1, { type: 'item.edit', itemId: 'item-0001', text: 'one more' });
    expect(refusal.code).toBe('LIMIT');
    expect(refusal.message).toMatch(/withdraw it and write it again/);
    expect(s.state.items['item-0001']!.text).toBe(`Q${LIMITS.editsPerItem}`);
    // An edit that changes nothing is not counted, and withdrawing still works.
    s.do(P1, { type: 'item.edit', itemId: 'item-0001', text: `Q${LIMITS.editsPerItem}` });
    s.do(P1, { type: 'item.withdraw', itemId: 'item-0001' });
  });

  it('authors edit and withdraw their own items while writing is open', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    expect(s.refuse(P2, { type: 'item.edit', itemId: 'item-0001', text: 'hijack' }).code).toBe('FORBIDDEN');
    s.do(P1, { type: 'item.edit', itemId: 'item-0001', text: 'Q1 better' });
    expect(s.state.items['item-0001']!.text).toBe('Q1 better');
    expect(s.refuse(P2, { type: 'item.withdraw', itemId: 'item-0001' }).code).toBe('FORBIDDEN');
    s.do(P1, { type: 'item.withdraw', itemId: 'item-0001' });
    expect(s.state.items['item-0001']).toMatchObject({ withdrawn: true, text: '' });
    // A retried withdrawal is fine; editing a withdrawn item is not.
    s.do(P1, { type: 'item.withdraw', itemId: 'item-0001' });
    expect(s.refuse(P1, { type: 'item.edit', itemId: 'item-0001', text: 'x' }).code).toBe('NOT_FOUND');
  });

  it('editing closes with writing, and once read out', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    s.do(F, { type: 'step.advance' });
    expect(s.refuse(P1, { type: 'item.edit', itemId: 'item-0001', text: 'late edit' }).code).toBe('CLOSED');
    expect(s.refuse(P1, { type: 'item.withdraw', itemId: 'item-0001' }).code).toBe('CLOSED');
    s.do(F, { type: 'step.back' }).do(F, { type: 'item.readOut', itemId: 'item-0001' });
    expect(s.refuse(P1, { type: 'item.edit', itemId: 'item-0001', text: 'after reading' }).code).toBe('CLOSED');
  });

  it('marks at most two strongest per author per stage', () => {
    const s = Sim.room().goTo('scaling');
    for (const n of [1, 2, 3]) {
      const element = n === 1 ? 'safety' : 'other';
      s.do(P1, { type: 'item.submit', itemId: `item-000${n}`, stageId: 'scaling', text: `Q${n}`, element });
    }
    s.do(P1, { type: 'item.markStrongest', itemId: 'item-0001', strongest: true });
    s.do(P1, { type: 'item.markStrongest', itemId: 'item-0002', strongest: true });
    expect(s.refuse(P1, { type: 'item.markStrongest', itemId: 'item-0003', strongest: true }).code).toBe('LIMIT');
    s.do(P1, { type: 'item.markStrongest', itemId: 'item-0001', strongest: false });
    s.do(P1, { type: 'item.markStrongest', itemId: 'item-0003', strongest: true });
    expect(s.refuse(P2, { type: 'item.markStrongest', itemId: 'item-0001', strongest: true }).code).toBe('FORBIDDEN');
  });

  it('read out, then the caseworker chooses; unread items cannot be chosen', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    s.do(P2, { type: 'item.submit', itemId: 'item-0002', stageId: 'working-well', text: 'Q2' });
    s.do(F, { type: 'step.advance' }).do(F, { type: 'item.readOut', itemId: 'item-0001' });
    expect(s.refuse(CW, { type: 'item.choose', itemId: 'item-0002', chosen: true }).code).toBe('WRONG_STAGE');
    s.do(CW, { type: 'item.choose', itemId: 'item-0001', chosen: true });
    expect(s.state.items['item-0001']).toMatchObject({ chosen: true, chosenAt: s.now });
    // Un-reading an item takes its choice back with it.
    s.do(F, { type: 'item.readOut', itemId: 'item-0001', read: false });
    expect(s.state.items['item-0001']!.chosen).toBe(false);
  });

  it('only items of the current stage are read out', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    s.goTo('scaling');
    expect(s.refuse(F, { type: 'item.readOut', itemId: 'item-0001' }).code).toBe('WRONG_STAGE');
  });

  it('hand over opens every item of the stage to the caseworker; choosing from them is allowed', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    s.do(F, { type: 'stage.handOver' });
    expect(s.state.handedOver['working-well']).toBe(s.now);
    s.do(CW, { type: 'item.choose', itemId: 'item-0001', chosen: true });
    const again = s.try(F, { type: 'stage.handOver' });
    expect(again.ok && again.changed).toBe(false);
  });

  it('stages without items cannot be handed over', () => {
    const s = Sim.room().goTo('goal');
    expect(s.refuse(F, { type: 'stage.handOver' }).code).toBe('WRONG_STAGE');
  });

  it('the rough stage takes danger statements and safety goals', () => {
    const s = Sim.room().goTo('rough');
    s.do(P1, {
      type: 'item.submit',
      itemId: 'item-0001',
      stageId: 'rough',
      text: 'Social workers are worried that...',
      element: 'danger',
    });
    s.do(P1, {
      type: 'item.submit',
      itemId: 'item-0002',
      stageId: 'rough',
      text: 'The agency wants...',
      element: 'safety-goal',
    });
    expect(Object.values(s.state.items).map((i) => i.element)).toEqual(['danger', 'safety-goal']);
  });
});

describe("the facilitator's record: goal, exact words, ratings; the advisor's notes", () => {
  it("records the worker's goal and exact-words notes (idempotent by note id)", () => {
    const s = Sim.room().goTo('description');
    s.do(F, { type: 'exactWords.add', noteId: 'note-0001', text: '"Mum has been struggling since the baby"' });
    s.do(F, { type: 'exactWords.add', noteId: 'note-0001', text: '"Mum has been struggling since the baby"' });
    expect(s.state.exactWords).toHaveLength(1);
    s.do(F, { type: 'exactWords.remove', noteId: 'note-0001' });
    expect(s.state.exactWords).toHaveLength(0);
    s.goTo('goal').do(F, { type: 'goal.set', text: 'Which questions to ask Dad about the evenings' });
    expect(s.state.workerGoal).toBe('Which questions to ask Dad about the evenings');
  });

  it('records usefulness, harm-mapped and safety ratings with the stage they were given in', () => {
    const s = Sim.room().goTo('scaling');
    s.do(CW, { type: 'rating.record', ratingId: 'rate-0001', scale: 'usefulness', value: 6 });
    s.do(F, { type: 'rating.record', ratingId: 'rate-0002', scale: 'safety', value: 4, keyPlayer: 'Grandma' });
    expect(s.refuse(F, { type: 'rating.record', ratingId: 'rate-0003', scale: 'safety', value: 4 }).code).toBe(
      'INVALID',
    );
    expect(
      s.refuse(F, { type: 'rating.record', ratingId: 'rate-0004', scale: 'usefulness', value: 4, keyPlayer: 'Mum' })
        .code,
    ).toBe('INVALID');
    s.goTo('harm').do(CW, { type: 'rating.record', ratingId: 'rate-0005', scale: 'harm-mapped', value: 8 });
    expect(s.state.ratings.map((r) => [r.scale, r.value, r.stageId])).toEqual([
      ['usefulness', 6, 'scaling'],
      ['safety', 4, 'scaling'],
      ['harm-mapped', 8, 'harm'],
    ]);
  });

  it('the advisor sends private notes; a retry is applied once', () => {
    const s = Sim.room();
    s.do(A, { type: 'advisorNote.send', noteId: 'adv-note-01', text: 'Time check' });
    s.do(A, { type: 'advisorNote.send', noteId: 'adv-note-01', text: 'Time check' });
    expect(s.state.advisorNotes.map((n) => n.text)).toEqual(['Time check']);
  });
});

describe('the session lifecycle', () => {
  it('end stops the clocks, hands everything over, locks joining, and refuses further changes', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    s.tick(MIN).do(F, { type: 'session.end' });
    expect(s.state).toMatchObject({ status: 'ended', endedAt: s.now, locked: true });
    expect(s.state.stageTimer.runningSince).toBeNull();
    expect(s.state.handedOver['working-well']).toBe(s.now);
    expect(s.state.handedOver.danger).toBeUndefined();
    expect(s.refuse(F, { type: 'stage.advance' }).code).toBe('CLOSED');
    expect(s.refuse(P1, { type: 'item.submit', itemId: 'item-0002', stageId: 'working-well', text: 'Q' }).code).toBe(
      'CLOSED',
    );
  });

  it('purge empties the state, even after the end', () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    s.do(F, { type: 'session.end' }).do(F, { type: 'session.purge' });
    expect(s.state).toMatchObject({ status: 'purged', items: {}, title: '', members: {}, workerGoal: '' });
    expect(s.refuse(F, { type: 'session.lock', locked: false }, 'facilitator').code).toBe('CLOSED');
  });

  it('locking the room refuses new participants but lets invited roles in', () => {
    const s = Sim.room().do(F, { type: 'session.lock', locked: true });
    expect(() => s.join('p9-00001', 'participant')).toThrow(/locked/);
    s.join('adv-0002', 'advisor');
  });

  it("attribution and advisor editing are the facilitator's switches", () => {
    const s = Sim.room()
      .do(F, { type: 'session.setAttribution', on: true })
      .do(F, { type: 'session.setAdvisorEditing', on: true });
    expect(s.state.settings.attribution).toBe(true);
    expect(s.state.advisorCanEdit).toBe(true);
  });

  it('a member joining twice with the same id is applied once; members are capped', () => {
    const s = Sim.room();
    const before = Object.keys(s.state.members).length;
    s.join('p1-00001', 'participant');
    expect(Object.keys(s.state.members)).toHaveLength(before);
    for (let i = before; i < 60; i++) s.join(`px-${String(i).padStart(5, '0')}`, 'participant');
    expect(() => s.join('px-overflow', 'participant')).toThrow(/full/);
  });

  it('the machine is pure: refused and accepted commands never mutate the input state', () => {
    const s = Sim.room().goTo('working-well');
    const frozen = JSON.stringify(s.state);
    const original = s.state;
    s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
    expect(JSON.stringify(original)).toBe(frozen);
  });
});
