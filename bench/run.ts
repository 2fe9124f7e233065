/**
 * `npm run bench`: every benchmark on this machine, written as a table to bench/results/latest.md
 * and latest.json. Numbers are reported, never asserted.
 *   BENCH_QUICK=1 shortens the load runs (for a smoke check).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureBundles, phoneLoadsBoard } from './bundle.js';
import { runLoad, type LoadResult } from './fanout.js';
import { measureMemory } from './memory.js';
import { measurePack } from './pack.js';
import { measureRestart } from './restart.js';

const quick = process.env.BENCH_QUICK === '1';
const seconds = quick ? 5 : 20;
const log = (s: string) => process.stdout.write(`${s}\n`);

log('building the client…');
execSync('npx vite build', { stdio: 'ignore' });
const bundles = measureBundles();
const phoneHasBoard = phoneLoadsBoard();
log(`phone route: ${(bundles[0]!.jsGzipBytes / 1024).toFixed(1)} KB JS gzipped`);

const load: LoadResult[] = [];
for (const sessions of quick ? [10, 100] : [10, 100, 300]) {
  log(`fan-out: groupmap, ${sessions} sessions…`);
  load.push(await runLoad({ target: 'groupmap', sessions, seconds }));
}
const ours100 = load.find((r) => r.sessions === 100)!;
log('fan-out: bare socket.io, 100 sessions, same payload size…');
const bare100 = await runLoad({ target: 'bare socket.io', sessions: 100, seconds, payloadBytes: ours100.meanViewBytes });
load.push(bare100);
log('fan-out: groupmap, 100 sessions, GROUPMAP_DURABILITY=normal…');
const normal100 = { ...(await runLoad({ target: 'groupmap', sessions: 100, seconds, env: { GROUPMAP_DURABILITY: 'normal' } })), target: 'groupmap (durability normal)' };
// A busy real room: a command every 2 s per session (everyone writing at once), 100 rooms.
log('fan-out at a real room\'s pace: groupmap and bare, 100 sessions…');
const realOurs = await runLoad({ target: 'groupmap', sessions: 100, seconds: seconds * 2, thinkMs: 2000 });
const realBare = await runLoad({ target: 'bare socket.io', sessions: 100, seconds: seconds * 2, thinkMs: 2000, payloadBytes: realOurs.meanViewBytes });

log('pack…');
const pack = await measurePack();
log('restart…');
const restart = await measureRestart(quick ? 50 : 200);
log('memory…');
const memory = await measureMemory(quick ? 50 : 200, quick ? 250 : 1000);

const results = {
  when: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  bundles,
  phoneLoadsBoardCode: phoneHasBoard,
  load,
  durabilityNormal100: normal100,
  p99RatioToBare: Math.round((ours100.p99Ms / bare100.p99Ms) * 100) / 100,
  realPace: [realOurs, realBare],
  realPaceP99RatioToBare: Math.round((realOurs.p99Ms / realBare.p99Ms) * 100) / 100,
  restart,
  memory,
  pack,
};

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const md = [
  `# Benchmarks (${results.when.slice(0, 10)})`,
  '',
  `Machine: ${results.machine.cpus} cores (${results.machine.model}), ${results.machine.memoryGb} GiB, Node ${results.machine.node}.`,
  `Load runs last ${seconds} s each; the load runs in a separate process from the server, on 127.0.0.1.`,
  '',
  '## Bundles (production build, gzip -9)',
  '',
  '| route | JS | CSS |',
  '| --- | --- | --- |',
  ...bundles.map((b) => `| ${b.route} | ${kb(b.jsGzipBytes)} | ${kb(b.cssGzipBytes)} |`),
  '',
  `Phone route loads board code: ${phoneHasBoard ? 'YES' : 'no'}. Budget for the phone: 120 KB JS.`,
  '',
  '## Fan-out: send to projection at every member (12 sockets per session)',
  '',
  '| target | pause between commands | sessions | sockets | commands | p50 ms | p99 ms | max ms | server CPU % | server RSS MB | mean view bytes | timeouts |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...[...load, normal100, realOurs, realBare].map(
    (r) => `| ${r.target} | ${r.thinkMs} ms | ${r.sessions} | ${r.sockets} | ${r.commands} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.serverCpuPercent} | ${r.serverRssMb} | ${r.meanViewBytes} | ${r.timeouts} |`,
  ),
  '',
  'A 100 ms pause is a stress test (about 7 commands a second in every session, far above a real room); 2,000 ms is a busy real room.',
  '',
  `groupmap p99 / bare socket.io p99, 100 sessions, stress: **${results.p99RatioToBare}x**; at a real room's pace: **${results.realPaceP99RatioToBare}x** (goal: at most 1.5x).`,
  '',
  '## Question pack (300 items, model + rendering)',
  '',
  '| format | mean ms | size |',
  '| --- | --- | --- |',
  ...pack.map((p) => `| ${p.format} | ${p.meanMs} | ${kb(p.bytes)} |`),
  '',
  '## Restart',
  '',
  `${restart.sessions} sessions of ${restart.commandsPerSession} commands each: listening after ${restart.msToListening} ms, first healthy answer after ${restart.msToFirstHealthy} ms (process start included).`,
  '',
  '## Memory',
  '',
  `Per idle session (6 members joined, its board room loaded by one board connection): ${memory.kbPerIdleSession} KB. Per connected socket: ${memory.kbPerSocket} KB (${memory.sockets} sockets). Baseline RSS ${memory.baselineRssMb} MB.`,
  '',
].join('\n');

const dir = path.resolve('bench/results');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(dir, 'latest.md'), md);
log(md);
