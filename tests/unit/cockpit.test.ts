/**
 * The machine behind the cockpit and the projector (issue 15): the agenda's jump to any stage,
 * the advisor's notes marked seen, what the screen shows of the board, and the screen's count of
 * items written (never their content).
 */
import { describe, expect, it } from 'vitest';
import { projectRole } from '../../shared/projection.js';
import { DEFAULT_PROJECTOR_BOARD, projectorBoard } from '../../shared/state.js';
import { Sim } from '../helpers/sim.js';

const F = 'fac-0001';
const A = 'adv-0001';
const P1 = 'p1-00001';
const MIN = 60_000;

describe('the agenda: stage.goTo', () => {
  it('jumps forward past stages without entering them, and back, each with fresh clocks', () => {
    const s = Sim.room();
    s.do(F, { type: 'timer.start' }).tick(MIN);
    s.do(F, { type: 'stage.goTo', stageId: 'harm' });
    expect(s.stageId()).toBe('harm');
    expect(s.state.stepIndex).toBe(0);
    expect(s.state.stageTimer.runningSince).toBe(s.now);
    expect(s.state.visits.map((v) => v.stageId)).toEqual(['introductions', 'harm']);
    s.tick(MIN).do(F, { type: 'stage.goTo', stageId: 'genogram' });
    expect(s.stageId()).toBe('genogram');
    expect(s.state.stepIndex).toBeNull();
    expect(s.state.furthestStageIndex).toBe(7);
  });

  it('to the current stage changes nothing', () => {
    const s = Sim.room().goTo('scaling');
    const before = s.state;
    const r = s.try(F, { type: 'stage.goTo', stageId: 'scaling' });
    expect(r.ok && r.changed).toBe(false);
    expect(s.state).toBe(before);
  });

  it("is the facilitator's alone, the advisor included when leading", () => {
    const s = Sim.room().goTo('process-review');
    expect(s.refuse(A, { type: 'stage.goTo', stageId: 'review' }).code).toBe('FORBIDDEN');
    expect(s.refuse(P1, { type: 'stage.goTo', stageId: 'review' }).code).toBe('FORBIDDEN');
  });

  it('refuses a stage that does not exist', () => {
    expect(() => Sim.room().do(F, { type: 'stage.goTo', stageId: 'lunch' as never })).toThrow();
  });
});

describe("the advisor's notes: seen", () => {
  it('records when the facilitator saw a note, once; the advisor sees it', () => {
    const s = Sim.room();
    s.do(A, { type: 'advisorNote.send', noteId: 'note-00001', text: 'Time check' }).tick(5_000);
    expect(projectRole(s.state, 'advisor').advisorNotes![0]!.seenAt ?? null).toBeNull();
    s.do(F, { type: 'advisorNote.seen', noteId: 'note-00001' });
    const seenAt = s.now;
    s.tick(5_000);
    const again = s.try(F, { type: 'advisorNote.seen', noteId: 'note-00001' });
    expect(again.ok && again.changed).toBe(false);
    expect(projectRole(s.state, 'advisor').advisorNotes![0]!.seenAt).toBe(seenAt);
  });

  it('refuses a note that does not exist, one sent to someone else, and anyone outside the channel', () => {
    const s = Sim.room();
    expect(s.refuse(F, { type: 'advisorNote.seen', noteId: 'note-00404' }).code).toBe('NOT_FOUND');
    s.do(A, { type: 'advisorNote.send', noteId: 'note-00001', text: 'Time check' });
    expect(s.refuse(A, { type: 'advisorNote.seen', noteId: 'note-00001' }).code).toBe('NOT_FOUND');
    expect(s.refuse('p1-00001', { type: 'advisorNote.seen', noteId: 'note-00001' }).code).toBe('FORBIDDEN');
  });
});

describe('what the screen shows of the board', () => {
  it("follows the facilitator's view unless told otherwise", () => {
    const s = Sim.room();
    expect(projectRole(s.state, 'screen').projectorBoard).toEqual(DEFAULT_PROJECTOR_BOARD);
    expect(DEFAULT_PROJECTOR_BOARD.mode).toBe('follow');
  });

  it('shows the whole map, or keeps one region; a frame goes with the frame mode only', () => {
    const s = Sim.room();
    s.do(F, { type: 'projector.setBoard', mode: 'frame', frame: { x: 0, y: 0, w: 1500, h: 560 } });
    expect(projectRole(s.state, 'screen').projectorBoard).toEqual({
      mode: 'frame',
      frame: { x: 0, y: 0, w: 1500, h: 560 },
    });
    s.do(F, { type: 'projector.setBoard', mode: 'whole' });
    expect(projectorBoard(s.state)).toEqual({ mode: 'whole', frame: null });
    expect(s.refuse(F, { type: 'projector.setBoard', mode: 'frame' }).code).toBe('INVALID');
    expect(s.refuse(F, { type: 'projector.setBoard', mode: 'follow', frame: { x: 0, y: 0, w: 1, h: 1 } }).code).toBe(
      'INVALID',
    );
  });

  it('refuses frames that are empty, endless or out of reach before they reach the machine', () => {
    const s = Sim.room();
    for (const frame of [
      { x: 0, y: 0, w: 0, h: 10 },
      { x: Number.POSITIVE_INFINITY, y: 0, w: 10, h: 10 },
      { x: 0, y: 0, w: 1e9, h: 10 },
    ]) {
      expect(() => s.do(F, { type: 'projector.setBoard', mode: 'frame', frame })).toThrow();
    }
  });

  it('a session stored before the setting existed shows the default', () => {
    const s = Sim.room();
    const { projectorBoard: _absent, ...old } = s.state;
    expect(projectRole(old, 'screen').projectorBoard).toEqual(DEFAULT_PROJECTOR_BOARD);
  });
});

describe("the screen's count of items written", () => {
  it("counts the current stage's items, withdrawn ones excepted, and never carries their text", () => {
    const s = Sim.room().goTo('working-well');
    s.do(P1, { type: 'item.submit', itemId: 'item-00001', stageId: 'working-well', text: 'SECRET-ONE' });
    s.do(P1, { type: 'item.submit', itemId: 'item-00002', stageId: 'working-well', text: 'SECRET-TWO' });
    s.do(P1, { type: 'item.withdraw', itemId: 'item-00002' });
    const screen = projectRole(s.state, 'screen');
    expect(screen.writtenCount).toBe(1);
    expect(JSON.stringify(screen)).not.toContain('SECRET');
    expect(projectRole(s.state, 'participant').writtenCount).toBeUndefined();
  });

  it('the console gets the stage visits for the agenda; nobody else does', () => {
    const s = Sim.room().goTo('goal');
    expect(projectRole(s.state, 'facilitator').visits!.map((v) => v.stageId)).toEqual([
      'introductions',
      'genogram',
      'description',
      'goal',
    ]);
    expect(projectRole(s.state, 'advisor').visits).toHaveLength(4);
    for (const role of ['caseworker', 'participant', 'screen'] as const)
      expect(projectRole(s.state, role).visits).toBeUndefined();
  });
});
