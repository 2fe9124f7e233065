/**
 * The full role x command matrix, checked twice: against the table itself, and through the machine
 * with a real command of each type from a member of each role. A refused role must get FORBIDDEN
 * and change nothing; an allowed role must never be refused as FORBIDDEN for its role.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, type CommandType } from '../../shared/commands.js';
import {
  canDownloadPack,
  canEditBoard,
  canOpenBoard,
  checkPermission,
  drivesStage,
  PERMISSIONS,
  packAvailable,
  rolesThatMaySend,
} from '../../shared/permissions.js';
import { STAGES } from '../../shared/process/stages.js';
import { ROLES, type Role } from '../../shared/roles.js';
import type { Command } from '../helpers/client.js';
import { Sim } from '../helpers/sim.js';

const MEMBER: Record<Role, string> = {
  facilitator: 'fac-0001',
  advisor: 'adv-0001',
  caseworker: 'cw-00001',
  participant: 'p1-00001',
  screen: 'scr-0001',
};

/** The table as the product specification states it (PROCESS.md, "Who is in the room"). */
const EXPECTED: Record<CommandType, Role[]> = {
  'timer.start': ['facilitator'],
  'timer.pause': ['facilitator'],
  'timer.resume': ['facilitator'],
  'timer.extend': ['facilitator'],
  'stage.advance': ['facilitator'],
  'stage.skip': ['facilitator'],
  'stage.back': ['facilitator'],
  'stage.goTo': ['facilitator'],
  'step.advance': ['facilitator'],
  'step.skip': ['facilitator'],
  'step.back': ['facilitator'],
  'goal.set': ['facilitator'],
  'exactWords.add': ['facilitator'],
  'exactWords.remove': ['facilitator'],
  'exactWords.handIn': ['advisor', 'participant'],
  'item.submit': ['facilitator', 'advisor', 'caseworker', 'participant'],
  'item.edit': ['facilitator', 'advisor', 'caseworker', 'participant'],
  'item.withdraw': ['facilitator', 'advisor', 'caseworker', 'participant'],
  'item.markStrongest': ['facilitator', 'advisor', 'caseworker', 'participant'],
  'item.readOut': ['facilitator'],
  'item.choose': ['facilitator', 'caseworker'],
  'stage.handOver': ['facilitator'],
  'rating.record': ['facilitator', 'caseworker'],
  'safetyScale.set': ['facilitator'],
  'review.set': ['facilitator'],
  'map.place': ['facilitator'],
  'map.remove': ['facilitator'],
  'advisorNote.send': ['facilitator', 'advisor'],
  'advisorNote.seen': ['facilitator', 'advisor'],
  'record.setDetails': ['facilitator', 'caseworker'],
  'action.set': ['facilitator'],
  'action.remove': ['facilitator'],
  'decision.set': ['facilitator'],
  'decision.remove': ['facilitator'],
  'record.agree': ['facilitator', 'caseworker'],
  'record.addition': ['facilitator', 'caseworker'],
  'retention.extend': ['facilitator'],
  'projector.setBoard': ['facilitator'],
  'session.setAttribution': ['facilitator'],
  'session.setAdvisorEditing': ['facilitator'],
  'session.setWordsAndPictures': ['facilitator'],
  'session.lock': ['facilitator'],
  'member.remove': ['facilitator'],
  'session.end': ['facilitator'],
  'session.purge': ['facilitator'],
};

/** Commands the advisor may send only while leading (the review of the group process). */
const ADVISOR_LEADS: CommandType[] = [
  'timer.start',
  'timer.pause',
  'timer.resume',
  'timer.extend',
  'stage.advance',
  'stage.skip',
  'stage.back',
  'step.advance',
  'step.skip',
  'step.back',
  'item.readOut',
];

/**
 * A session in "What's working well", writing open, each writer with an item of their own, one
 * item read out; the caseworker's own item lives in the process review, so caseworker item
 * commands are tried there.
 */
function fixture(type: CommandType, role: Role): { sim: Sim; command: Command } {
  const sim = Sim.room();
  const stage =
    role === 'caseworker' && type.startsWith('item.') && type !== 'item.choose' ? 'process-review' : 'working-well';
  sim.goTo('working-well');
  for (const r of ['facilitator', 'advisor', 'participant'] as const) {
    sim.do(MEMBER[r], { type: 'item.submit', itemId: `own-${r}`, stageId: 'working-well', text: `${r} question` });
  }
  sim.do('p2-00001', { type: 'item.submit', itemId: 'read-item', stageId: 'working-well', text: 'read one' });
  sim.do(MEMBER.facilitator, { type: 'item.readOut', itemId: 'read-item' });
  sim.do(MEMBER.facilitator, { type: 'exactWords.add', noteId: 'note-0001', text: 'words' });
  sim.do(MEMBER.advisor, { type: 'advisorNote.send', noteId: 'adv-note-00', text: 'time check' });
  sim.do(MEMBER.facilitator, { type: 'advisorNote.send', noteId: 'fac-note-00', text: 'am I on track?' });
  // The safety scale is shaped from the scaling stage on, the review's answers in the review.
  if (type === 'safetyScale.set') sim.goTo('scaling');
  if (type === 'review.set') sim.goTo('review');
  const F = MEMBER.facilitator;
  sim.do(F, { type: 'action.set', actionId: 'action-0000', text: 'Visit', owner: 'Sam', due: '2026-12-01' });
  sim.do(F, { type: 'decision.set', decisionId: 'decision-00', decision: 'Stay', rationale: 'Safe' });
  // Agreement comes after the end; later additions after an agreement; extending after both.
  if (['record.agree', 'record.addition', 'retention.extend'].includes(type)) sim.do(F, { type: 'session.end' });
  if (type === 'record.addition' || type === 'retention.extend') sim.do(F, { type: 'record.agree', name: 'Fran' });
  if (type === 'retention.extend') sim.do(MEMBER.caseworker, { type: 'record.agree', name: 'Cas' });
  if (stage === 'process-review') {
    sim.goTo('process-review');
    sim.do(MEMBER.caseworker, {
      type: 'item.submit',
      itemId: 'own-caseworker',
      stageId: 'process-review',
      text: 'useful',
      element: 'useful',
    });
  }
  const own = `own-${role}`;
  const commands: Record<CommandType, Command> = {
    'timer.start': { type: 'timer.start' },
    'timer.pause': { type: 'timer.pause' },
    'timer.resume': { type: 'timer.resume' },
    'timer.extend': { type: 'timer.extend', scope: 'step', minutes: 1 },
    'stage.advance': { type: 'stage.advance' },
    'stage.skip': { type: 'stage.skip' },
    'stage.back': { type: 'stage.back' },
    'stage.goTo': { type: 'stage.goTo', stageId: 'harm' },
    'step.advance': { type: 'step.advance' },
    'step.skip': { type: 'step.skip' },
    'step.back': { type: 'step.back' },
    'goal.set': { type: 'goal.set', text: 'a goal' },
    'exactWords.add': { type: 'exactWords.add', noteId: 'note-0002', text: 'more words' },
    'exactWords.remove': { type: 'exactWords.remove', noteId: 'note-0001' },
    'exactWords.handIn': { type: 'exactWords.handIn', noteId: 'group-note-01', text: '"I just want them home"' },
    'item.submit':
      stage === 'process-review'
        ? { type: 'item.submit', itemId: 'new-item-01', stageId: 'process-review', text: 'new', element: 'learnt' }
        : { type: 'item.submit', itemId: 'new-item-01', stageId: 'working-well', text: 'new' },
    'item.edit': { type: 'item.edit', itemId: own, text: 'edited' },
    'item.withdraw': { type: 'item.withdraw', itemId: own },
    // The process review has no read-out to pick for: there, unmarking (a no-op) is what is accepted.
    'item.markStrongest': { type: 'item.markStrongest', itemId: own, strongest: stage !== 'process-review' },
    'item.readOut': { type: 'item.readOut', itemId: 'own-participant' },
    'item.choose': { type: 'item.choose', itemId: 'read-item', chosen: true },
    'stage.handOver': { type: 'stage.handOver' },
    'rating.record': { type: 'rating.record', ratingId: 'rating-0001', scale: 'usefulness', value: 7 },
    'safetyScale.set': { type: 'safetyScale.set', question: 'How safe?', ten: 'safe enough', zero: 'not safe' },
    'review.set': { type: 'review.set', enough: true },
    'map.place': {
      type: 'map.place',
      placementId: 'place-0001',
      part: 'strengths',
      source: { kind: 'item', itemId: 'read-item' },
    },
    'map.remove': { type: 'map.remove', placementId: 'place-0001' },
    'advisorNote.send': { type: 'advisorNote.send', noteId: 'adv-note-01', text: 'ask about Dad' },
    // Each sees the notes sent to them.
    'advisorNote.seen': { type: 'advisorNote.seen', noteId: role === 'advisor' ? 'fac-note-00' : 'adv-note-00' },
    'record.setDetails': { type: 'record.setDetails', caseReference: 'CASE-123' },
    'action.set': { type: 'action.set', actionId: 'action-0001', text: 'Call Gran', owner: 'Sam', due: '2026-12-01' },
    'action.remove': { type: 'action.remove', actionId: 'action-0000' },
    'decision.set': { type: 'decision.set', decisionId: 'decision-01', decision: 'Visit', rationale: 'Safety' },
    'decision.remove': { type: 'decision.remove', decisionId: 'decision-00' },
    'record.agree': { type: 'record.agree', name: 'Typed Name' },
    'record.addition': { type: 'record.addition', additionId: 'addition-01', text: 'Gran called back' },
    'retention.extend': { type: 'retention.extend', days: 7 },
    'projector.setBoard': { type: 'projector.setBoard', mode: 'whole' },
    'session.setAttribution': { type: 'session.setAttribution', on: true },
    'session.setAdvisorEditing': { type: 'session.setAdvisorEditing', on: true },
    'session.setWordsAndPictures': { type: 'session.setWordsAndPictures', stageId: 'danger', on: true },
    'session.lock': { type: 'session.lock', locked: true },
    'member.remove': { type: 'member.remove', memberId: MEMBER.participant },
    'session.end': { type: 'session.end' },
    'session.purge': { type: 'session.purge' },
  };
  // A few commands need the clock or the round in a particular place to be possible at all.
  if (type === 'timer.start') return { sim: Sim.room(), command: commands[type] };
  if (type === 'timer.resume') sim.do(MEMBER.facilitator, { type: 'timer.pause' });
  if (type === 'step.back') sim.do(MEMBER.facilitator, { type: 'step.advance' });
  return { sim, command: commands[type] };
}

describe('permission table', () => {
  it('covers every command', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  it('the shared screen may send nothing', () => {
    expect(rolesThatMaySend()).not.toContain('screen');
  });

  it('the advisor drives the clock and stages only in the stage they lead', () => {
    for (const type of ADVISOR_LEADS) {
      STAGES.forEach((stage, index) => {
        expect(checkPermission('advisor', type, index).ok, `${type} in ${stage.id}`).toBe(stage.lead === 'advisor');
      });
    }
  });
});

describe.each(COMMAND_TYPES)('%s through the machine', (type) => {
  it.each(ROLES)('from a %s', (role) => {
    const { sim, command } = fixture(type, role);
    const allowed = EXPECTED[type].includes(role);
    if (allowed) {
      const result = sim.try(MEMBER[role], command);
      // Allowed roles are accepted in this fixture (a stricter check than "not forbidden").
      expect(result.ok ? 'accepted' : `${result.error.code}: ${result.error.message}`).toBe('accepted');
    } else {
      const error = sim.refuse(MEMBER[role], command);
      expect(error.code).toBe('FORBIDDEN');
    }
  });
});

describe('advisor leading the process review', () => {
  it('pauses and resumes the clock there, and may go back, but not past the last stage', () => {
    const sim = Sim.room().goTo('process-review');
    sim.do(MEMBER.advisor, { type: 'timer.pause' });
    sim.do(MEMBER.advisor, { type: 'timer.resume' });
    // Allowed to the advisor, but the seed gives this stage no length: nothing to extend (PRD-TIME-1).
    expect(sim.refuse(MEMBER.advisor, { type: 'timer.extend', scope: 'stage', minutes: 5 }).code).toBe('WRONG_STAGE');
    sim.do(MEMBER.advisor, { type: 'stage.back' });
    expect(sim.stageId()).toBe('review');
    expect(sim.refuse(MEMBER.advisor, { type: 'stage.advance' }).code).toBe('FORBIDDEN');
  });
});

describe('the rules beside the command table, used by server and client alike', () => {
  it('board: every role but the participant opens it; the facilitator edits, the advisor only when allowed', () => {
    expect(ROLES.filter(canOpenBoard)).toEqual(['facilitator', 'advisor', 'caseworker', 'screen']);
    expect(canEditBoard('facilitator', { advisorCanEdit: false })).toBe(true);
    expect(canEditBoard('advisor', { advisorCanEdit: false })).toBe(false);
    expect(canEditBoard('advisor', { advisorCanEdit: true })).toBe(true);
    for (const role of ['caseworker', 'screen', 'participant'] as const)
      expect(canEditBoard(role, { advisorCanEdit: true })).toBe(false);
  });

  it('pack: the facilitator and caseworker download it, once something is handed over or the session ended', () => {
    expect(ROLES.filter(canDownloadPack)).toEqual(['facilitator', 'caseworker']);
    expect(packAvailable({ status: 'open', handedOver: {} })).toBe(false);
    expect(packAvailable({ status: 'open', handedOver: { harm: 1 } })).toBe(true);
    expect(packAvailable({ status: 'ended', handedOver: {} })).toBe(true);
  });

  it('driving: the facilitator in every stage, the advisor only in the stage it leads, nobody once ended', () => {
    const advisorLeads = STAGES.findIndex((s) => s.lead === 'advisor');
    expect(advisorLeads).toBeGreaterThan(0);
    for (let i = 0; i < STAGES.length; i++) {
      expect(drivesStage('facilitator', { status: 'open', stageIndex: i })).toBe(true);
      expect(drivesStage('advisor', { status: 'open', stageIndex: i })).toBe(i === advisorLeads);
      expect(drivesStage('caseworker', { status: 'open', stageIndex: i })).toBe(false);
    }
    expect(drivesStage('facilitator', { status: 'ended', stageIndex: 0 })).toBe(false);
  });
});
