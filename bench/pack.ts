/** Pack build time for a session with 300 items, per format (model + rendering, mean of runs). */
import { performance } from 'node:perf_hooks';
import { buildPack, PACK_FORMATS, type PackFormat } from '../shared/pack.js';
import { renderPack } from '../server/pack/render.js';
import { Sim } from '../tests/helpers/sim.js';

export interface PackBenchResult {
  items: number;
  format: PackFormat;
  meanMs: number;
  bytes: number;
  pages?: number;
}

export function sessionWith300Items(): Sim {
  const s = Sim.room();
  const writers = ['p1-00001', 'p2-00001', 'p3-00001', 'adv-0001', 'fac-0001'];
  const stages = [
    { id: 'rough', elements: ['danger', 'safety-goal'] },
    { id: 'working-well', elements: [null] },
    { id: 'scaling', elements: [null] },
    { id: 'harm', elements: ['behaviour', 'severity', 'incidence', 'impact'] },
    { id: 'danger', elements: [null] },
    { id: 'safety-goals', elements: [null] },
  ] as const;
  let n = 0;
  for (const stage of stages) {
    s.goTo(stage.id);
    for (let i = 0; i < 50; i++) {
      const itemId = `item-${String(++n).padStart(5, '0')}`;
      s.do(writers[i % writers.length]!, {
        type: 'item.submit',
        itemId,
        stageId: stage.id,
        text: `Question ${n}: when things have gone well at bedtime, who was there, what were they doing, and what would the children say made the difference?`,
        element: stage.elements[i % stage.elements.length] ?? null,
      });
      if (i % 5 === 0) {
        if (s.state.stepIndex !== null && s.state.stepIndex === 0) s.do('fac-0001', { type: 'step.advance' });
        s.do('fac-0001', { type: 'item.readOut', itemId });
        s.do('cw-00001', { type: 'item.choose', itemId, chosen: true });
      }
    }
    s.do('fac-0001', { type: 'stage.handOver' });
    s.do('cw-00001', { type: 'rating.record', ratingId: `rate-${stage.id}`, scale: 'usefulness', value: 3 + (n % 7) });
  }
  s.do('fac-0001', { type: 'session.end' });
  return s;
}

export async function measurePack(runs = 5): Promise<PackBenchResult[]> {
  const s = sessionWith300Items();
  const items = Object.keys(s.state.items).length;
  const results: PackBenchResult[] = [];
  for (const format of PACK_FORMATS) {
    let bytes = 0;
    await renderPack(buildPack(s.state, { protectiveMarking: 'OFFICIAL-SENSITIVE', now: Date.now() }), format); // warm up
    const started = performance.now();
    for (let i = 0; i < runs; i++) {
      const pack = buildPack(s.state, { protectiveMarking: 'OFFICIAL-SENSITIVE', now: Date.now() });
      bytes = (await renderPack(pack, format)).length;
    }
    results.push({ items, format, meanMs: Math.round(((performance.now() - started) / runs) * 10) / 10, bytes });
  }
  return results;
}
