import { describe, expect, it } from 'vitest';
import { buildPack, PackSchema, packFileName, ratingBar } from '../../shared/pack.js';
import { packAvailable } from '../../shared/permissions.js';
import { Sim } from '../helpers/sim.js';

const F = 'fac-0001';
const P1 = 'p1-00001';

function session() {
  const s = Sim.room().goTo('working-well');
  s.do(P1, { type: 'item.submit', itemId: 'item-0001', stageId: 'working-well', text: 'Q1' });
  s.do(F, { type: 'item.submit', itemId: 'item-0002', stageId: 'working-well', text: 'Facilitator Q' });
  return s;
}

describe('pack model', () => {
  it('is available only once something is handed over or the session ends', () => {
    const s = session();
    expect(packAvailable(s.state)).toBe(false);
    s.do(F, { type: 'stage.handOver' });
    expect(packAvailable(s.state)).toBe(true);
  });

  it('holds only stages handed over', () => {
    const s = session().goTo('scaling');
    s.do(P1, { type: 'item.submit', itemId: 'item-0003', stageId: 'scaling', text: 'Scaling Q', element: 'safety' });
    s.do(F, { type: 'stage.handOver' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(pack.sections.map((x) => x.stageId)).toEqual(['scaling']);
  });

  it('leaves authors out by default and names them with attribution on', () => {
    const s = session().do(F, { type: 'stage.handOver' });
    const anonymous = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(anonymous.sections[0]!.groups[0]!.items.every((i) => i.author === undefined)).toBe(true);
    s.do(F, { type: 'session.setAttribution', on: true });
    const named = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(named.sections[0]!.groups[0]!.items.map((i) => i.author)).toEqual(['P1', 'Fran']);
    expect(PackSchema.safeParse(named).success).toBe(true);
  });

  it('uses the configured protective marking', () => {
    const s = session().do(F, { type: 'session.end' });
    expect(buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now }).protectiveMarking).toBe('OFFICIAL');
  });

  it('names files from the pseudonym, the date and the draft status only', () => {
    const s = session().do(F, { type: 'session.end' });
    const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now });
    expect(packFileName({ ...pack, title: 'T.K. / "quoted"' }, 'pdf')).toBe(
      `supervision-record-T-K-quoted-${pack.date}-DRAFT.pdf`,
    );
    expect(packFileName({ ...pack, status: 'agreed' }, 'md')).toMatch(/^supervision-record-.*-\d{2}\.md$/);
  });

  it('draws ratings as ten-cell bars', () => {
    expect(ratingBar(3)).toBe('■■■□□□□□□□ 3/10');
  });
});
