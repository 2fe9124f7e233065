/**
 * The record of the consultation (REC-* in docs/PROCESS-SPEC.md), through the machine with a fake
 * clock, and what each viewer and each part of the record sees of it.
 */
import { describe, expect, it } from 'vitest';
import { buildPack, PackSchema } from '../../shared/pack.js';
import { projectRole } from '../../shared/projection.js';
import { agreedByBoth, DAY_MS, deletionTime, isIsoDate } from '../../shared/record.js';
import { ROLES } from '../../shared/roles.js';
import { consultationRecord } from '../../shared/state.js';
import { Sim } from '../helpers/sim.js';

const F = 'fac-0001';
const CW = 'cw-00001';
const P1 = 'p1-00001';
const A = 'adv-0001';

/** A session whose worker chose one what's-working-well question. */
function withChosenQuestion(): Sim {
  const s = Sim.room().goTo('working-well');
  s.do(P1, { type: 'item.submit', itemId: 'ww-item-01', stageId: 'working-well', text: 'Who helps at bedtime?' });
  s.do(F, { type: 'step.advance' });
  s.do(F, { type: 'item.readOut', itemId: 'ww-item-01' });
  s.do(CW, { type: 'item.choose', itemId: 'ww-item-01', chosen: true });
  return s;
}

const action = (over: Record<string, unknown> = {}) => ({
  type: 'action.set' as const,
  actionId: 'action-0001',
  text: 'Ask Gran to do bedtime on Tuesdays',
  owner: 'Sam (social worker)',
  due: '2026-12-08',
  itemId: 'ww-item-01',
  ...over,
});

describe('REC-1: actions with a lead and a due date', () => {
  it('REC-1: a chosen next step becomes an action the facilitator can edit and remove', () => {
    const s = withChosenQuestion().do(F, action());
    expect(consultationRecord(s.state).actions).toMatchObject([{ owner: 'Sam (social worker)', due: '2026-12-08' }]);
    s.tick(1000).do(F, action({ due: '2026-12-15' }));
    expect(consultationRecord(s.state).actions).toHaveLength(1);
    expect(consultationRecord(s.state).actions[0]!.due).toBe('2026-12-15');
    s.do(F, { type: 'action.remove', actionId: 'action-0001' });
    expect(consultationRecord(s.state).actions).toEqual([]);
  });

  it('REC-1: actions come only from chosen questions, and need a real date', () => {
    const s = withChosenQuestion();
    s.do(P1, { type: 'item.submit', itemId: 'ww-item-02', stageId: 'working-well', text: 'Not chosen' });
    expect(s.refuse(F, action({ itemId: 'ww-item-02' })).code).toBe('INVALID');
    expect(s.refuse(F, action({ itemId: 'no-such-item' })).code).toBe('NOT_FOUND');
    expect(() => s.do(F, action({ due: '2026-02-30' }))).toThrow(/calendar date/);
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('28/02/2026')).toBe(false);
    // An action may also stand alone.
    s.do(F, action({ actionId: 'action-0002', itemId: null }));
  });

  it('REC-1: the caseworker sees the actions live but only the facilitator writes them', () => {
    const s = withChosenQuestion().do(F, action());
    expect(projectRole(s.state, 'caseworker').record?.actions).toHaveLength(1);
    expect(s.refuse(CW, action({ actionId: 'action-0009' })).code).toBe('FORBIDDEN');
  });
});

describe('REC-2, REC-4: decisions, the goal met', () => {
  it('REC-2: a decision carries its rationale and any disagreement', () => {
    const s = Sim.room().goTo('review');
    s.do(F, {
      type: 'decision.set',
      decisionId: 'decision-01',
      decision: 'Tilly stays with Dad while the plan is tried',
      rationale: 'Gran can do three bedtimes a week',
      disagreement: 'Ada thought a family meeting should come first',
    });
    expect(consultationRecord(s.state).decisions[0]).toMatchObject({ disagreement: expect.stringContaining('Ada') });
  });

  it("REC-4: the goal met in the worker's words, with the last 0-10, in the record", () => {
    const s = Sim.room().goTo('review');
    s.do(F, { type: 'rating.record', ratingId: 'rating-0001', scale: 'usefulness', value: 8 });
    s.do(F, { type: 'record.setDetails', goalMet: 'partly', goalMetWords: 'I know what to ask Gran' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(pack.consultation.goalMet).toEqual({ answer: 'partly', words: 'I know what to ask Gran', lastRating: 8 });
  });
});

describe('REC-3: the case reference', () => {
  it('REC-3: only the facilitator and the caseworker see it; never the screen, the advisor or a phone', () => {
    const s = Sim.room().do(CW, { type: 'record.setDetails', caseReference: 'MOSAIC-448812' });
    for (const role of ROLES) {
      const seen = JSON.stringify(projectRole(s.state, role)).includes('MOSAIC-448812');
      expect(seen, role).toBe(role === 'facilitator' || role === 'caseworker');
    }
    expect(s.refuse(P1, { type: 'record.setDetails', caseReference: 'X' }).code).toBe('FORBIDDEN');
    expect(s.refuse(A, { type: 'record.setDetails', caseReference: 'X' }).code).toBe('FORBIDDEN');
  });
});

describe('REC-6: agreed by both; draft until then; later additions', () => {
  function ended(): Sim {
    return withChosenQuestion()
      .do(F, action())
      .do(F, { type: 'decision.set', decisionId: 'decision-01', decision: 'Try the plan', rationale: 'Gran' })
      .tick(60_000)
      .do(F, { type: 'session.end' });
  }

  it('REC-6: agreement only after the end; each party once; the pack is a draft until both', () => {
    const s = withChosenQuestion();
    expect(s.refuse(F, { type: 'record.agree', name: 'Fran Lee' }).code).toBe('WRONG_STAGE');
    s.do(F, { type: 'session.end' });
    const draft = () => buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now }).status;
    expect(draft()).toBe('draft');
    s.do(F, { type: 'record.agree', name: 'Fran Lee' });
    s.do(F, { type: 'record.agree', name: 'Fran Lee' }); // a second press changes nothing
    expect(consultationRecord(s.state).agreements).toHaveLength(1);
    expect(draft()).toBe('draft');
    s.do(CW, { type: 'record.agree', name: 'Cas Jones' });
    expect(agreedByBoth(consultationRecord(s.state))).toBe(true);
    expect(draft()).toBe('agreed');
    expect(s.refuse(P1, { type: 'record.agree', name: 'P' }).code).toBe('FORBIDDEN');
  });

  it('REC-6: once agreed nothing in the record changes silently; additions are dated after agreement', () => {
    const s = ended().do(CW, { type: 'record.agree', name: 'Cas Jones' });
    expect(s.refuse(F, action({ due: '2027-01-01' })).code).toBe('CLOSED');
    expect(s.refuse(F, { type: 'action.remove', actionId: 'action-0001' }).code).toBe('CLOSED');
    expect(s.refuse(F, { type: 'record.setDetails', caseReference: 'NEW' }).code).toBe('CLOSED');
    expect(s.refuse(F, { type: 'decision.remove', decisionId: 'decision-01' }).code).toBe('CLOSED');
    s.tick(60_000).do(F, action({ actionId: 'action-0002', itemId: null, text: 'Book the family meeting' }));
    s.do(CW, { type: 'record.addition', additionId: 'addition-01', text: 'Gran agreed by phone' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(pack.consultation.actions.map((a) => a.laterAddition)).toEqual([false, true]);
    expect(pack.consultation.laterAdditions).toMatchObject([{ role: 'caseworker', text: 'Gran agreed by phone' }]);
    expect(pack.caseFileSummary).toContain(
      'Book the family meeting (lead: Sam (social worker); by 2026-12-08) [added after agreement',
    );
  });

  it('REC-6: a later addition needs an agreement first; the draft is edited directly', () => {
    const s = ended();
    expect(s.refuse(F, { type: 'record.addition', additionId: 'addition-01', text: 'x' }).code).toBe('WRONG_STAGE');
    s.do(F, action({ due: '2026-12-20' })); // after the end, before agreement: a plain edit
    expect(consultationRecord(s.state).actions[0]!.due).toBe('2026-12-20');
  });
});

describe('REC-5: two parts', () => {
  it('REC-5: the case-file summary has decisions and rationale but no disagreement and no process review', () => {
    const s = withChosenQuestion().do(F, action());
    s.do(F, {
      type: 'decision.set',
      decisionId: 'decision-01',
      decision: 'Try the plan',
      rationale: 'Gran can help',
      disagreement: 'DISAGREEMENT-MARKER',
    });
    s.goTo('process-review');
    s.do(P1, {
      type: 'item.submit',
      itemId: 'proc-item-1',
      stageId: 'process-review',
      text: 'PROCESS-MARKER',
      element: 'learnt',
    });
    s.do(F, { type: 'session.end' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(PackSchema.parse(pack)).toEqual(pack);
    expect(pack.caseFileSummary).toContain('Try the plan');
    expect(pack.caseFileSummary).toContain('Rationale: Gran can help');
    expect(pack.caseFileSummary).not.toContain('DISAGREEMENT-MARKER');
    expect(JSON.stringify(pack)).not.toContain('PROCESS-MARKER');
    expect(pack.consultation.decisions[0]!.disagreement).toBe('DISAGREEMENT-MARKER');
  });
});

describe('REC-7: retention', () => {
  it('REC-7: kept the configured days after the end; extended once both have agreed, up to a year', () => {
    const s = withChosenQuestion().do(F, { type: 'session.end' });
    const ended = s.state.endedAt!;
    const when = () => deletionTime(s.state.retention!, s.state, ended);
    expect(when()).toBe(ended + 14 * DAY_MS);
    expect(s.refuse(F, { type: 'retention.extend', days: 30 }).code).toBe('WRONG_STAGE');
    s.do(F, { type: 'record.agree', name: 'Fran' }).do(CW, { type: 'record.agree', name: 'Cas' });
    expect(s.refuse(CW, { type: 'retention.extend', days: 30 }).code).toBe('FORBIDDEN');
    s.do(F, { type: 'retention.extend', days: 30 });
    expect(when()).toBe(ended + 44 * DAY_MS);
    expect(s.state.retention!.extensions).toMatchObject([{ memberId: F, from: ended + 14 * DAY_MS }]);
    for (let i = 0; i < 4; i++) s.do(F, { type: 'retention.extend', days: 90 }); // the fourth is capped at a year
    expect(when()).toBe(ended + 365 * DAY_MS);
    expect(s.refuse(F, { type: 'retention.extend', days: 1 }).code).toBe('LIMIT');
  });

  it('REC-7: a session never ended is kept the same days after its last change', () => {
    const s = Sim.room();
    expect(deletionTime(s.state.retention!, s.state, 5_000)).toBe(5_000 + 14 * DAY_MS);
  });
});
