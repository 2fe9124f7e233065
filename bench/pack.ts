/**
 * Pack build time for a session with 300 items, per format (model + rendering, mean of runs), and
 * how long a download holds up the event loop: rendered in place, and through the server's
 * PackRenderer (PDF and DOCX on a worker thread).
 */
import { performance } from 'node:perf_hooks';
import { renderPack } from '../server/pack/render.js';
import { PackRenderer } from '../server/pack/renderer.js';
import { buildPack, PACK_FORMATS, type PackFormat } from '../shared/pack.js';
import { Sim } from '../tests/helpers/sim.js';

export interface PackBenchResult {
  items: number;
  format: PackFormat;
  meanMs: number;
  bytes: number;
  /** The longest the event loop went without a turn while one pack was rendered in place. */
  stallInPlaceMs: number;
  /** The same through the server's PackRenderer, as a download is. */
  stallServedMs: number;
}

/** The longest gap between turns of the event loop while `work` runs. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const turn = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  await work();
  running = false;
  await new Promise((resolve) => setImmediate(resolve)); // the turn already queued records the last gap
  return Math.round(longest * 10) / 10;
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
  const renderer = new PackRenderer();
  const packNow = () => buildPack(s.state, { protectiveMarking: 'OFFICIAL-SENSITIVE', now: Date.now() }); // built per run, as a download does
  for (const format of PACK_FORMATS) {
    let bytes = 0;
    await renderPack(packNow(), format); // warm up
    const started = performance.now();
    for (let i = 0; i < runs; i++) {
      bytes = (await renderPack(packNow(), format)).length;
    }
    const meanMs = Math.round(((performance.now() - started) / runs) * 10) / 10;
    await renderer.render(packNow(), format); // the worker started and warm, as after the first download
    let stallInPlaceMs = 0;
    let stallServedMs = 0;
    for (let i = 0; i < runs; i++) {
      stallInPlaceMs = Math.max(stallInPlaceMs, await longestStall(() => renderPack(packNow(), format)));
      stallServedMs = Math.max(stallServedMs, await longestStall(() => renderer.render(packNow(), format)));
    }
    results.push({ items, format, meanMs, bytes, stallInPlaceMs, stallServedMs });
  }
  await renderer.close();
  return results;
}
