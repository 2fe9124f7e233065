/**
 * `npm run bench`: every benchmark on this machine, written as a table to bench/results/latest.md
 * and latest.json. Numbers are reported, never asserted.
 *   BENCH_QUICK=1 shortens the load runs (for a smoke check).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BoardLoadResult, runBoardLoad } from './boards.js';
import { measureBundles, phoneLoadsBoard } from './bundle.js';
import { clusterTables, measureCluster } from './cluster.js';
import { type LoadResult, loadTable, median, runLoad } from './fanout.js';
import { measureFelt } from './felt.js';
import { measureFlood } from './flood.js';
import { measureMemory } from './memory.js';
import { measurePack } from './pack.js';
import { measureRestart } from './restart.js';
import { measureStorage } from './storage.js';

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
log('fan-out: groupmap, 100 sessions, GROUPMAP_DURABILITY=normal…');
const normal100 = {
  ...(await runLoad({ target: 'groupmap', sessions: 100, seconds, env: { GROUPMAP_DURABILITY: 'normal' } })),
  target: 'groupmap (durability normal)',
};

/**
 * groupmap against bare socket.io at one pace, in interleaved rounds (the order flips each round)
 * so that drift in a shared machine's speed lands on both. Each target's p99 is the median of its
 * rounds' p99s.
 */
async function versusBare(thinkMs: number, runSeconds: number, rounds: number) {
  const ours: LoadResult[] = [];
  const bare: LoadResult[] = [];
  for (let round = 0; round < rounds; round++) {
    log(`fan-out, ${thinkMs} ms pause, round ${round + 1} of ${rounds}: groupmap and bare socket.io, 100 sessions…`);
    const runOurs = async () =>
      ours.push(await runLoad({ target: 'groupmap', sessions: 100, seconds: runSeconds, thinkMs }));
    const runBare = async () =>
      bare.push(
        await runLoad({
          target: 'bare socket.io',
          sessions: 100,
          seconds: runSeconds,
          thinkMs,
          payloadBytes: ours[0]?.meanViewBytes ?? 1500,
          samples: ours[0]?.samples,
        }),
      );
    if (round % 2 === 0) {
      await runOurs();
      await runBare();
    } else {
      await runBare();
      await runOurs();
    }
  }
  const oursP99 = median(ours.map((r) => r.p99Ms));
  const bareP99 = median(bare.map((r) => r.p99Ms));
  return { thinkMs, rounds, ours, bare, oursP99, bareP99, ratio: Math.round((oursP99 / bareP99) * 100) / 100 };
}
const withoutSamples = ({ samples: _samples, ...rest }: LoadResult) => rest;

const rounds = quick ? 1 : 3;
const stress = await versusBare(100, seconds, rounds);
// A busy real room: a command every 2 s per session (everyone writing at once), 100 rooms.
const realPace = await versusBare(2000, seconds * 2, rounds);

/** Boards: groupmap's board rooms against tldraw's TLSocketRoom hosted bare, interleaved rounds as above. */
async function boardsVersusBare(boards: number, rounds: number) {
  const ours: BoardLoadResult[] = [];
  const bare: BoardLoadResult[] = [];
  for (let round = 0; round < rounds; round++) {
    log(`boards, round ${round + 1} of ${rounds}: groupmap and bare TLSocketRoom, ${boards} boards…`);
    const order =
      round % 2 === 0 ? (['groupmap', 'bare TLSocketRoom'] as const) : (['bare TLSocketRoom', 'groupmap'] as const);
    for (const target of order)
      (target === 'groupmap' ? ours : bare).push(await runBoardLoad({ target, boards, seconds }));
  }
  const oursP99 = median(ours.map((r) => r.p99Ms));
  const bareP99 = median(bare.map((r) => r.p99Ms));
  return { boards, rounds, ours, bare, oursP99, bareP99, ratio: Math.round((oursP99 / bareP99) * 100) / 100 };
}
const boardRuns = [await boardsVersusBare(10, rounds), await boardsVersusBare(100, rounds)];

const cluster = await measureCluster(seconds, log);

log('speed as felt: throttled Chromium, compressed and (baseline) uncompressed…');
const felt = { compressed: await measureFelt(3), uncompressed: await measureFelt(3, true) };

log('flood: one participant floods commands, then resync, beside another session…');
const flood = await measureFlood(quick ? 5 : 10);

log('storage: bytes on disk per command, layout 2 and now…');
const storage = await measureStorage(quick ? 1000 : 5000);

log('pack…');
const pack = await measurePack();
log('restart…');
const restart = await measureRestart(quick ? 50 : 200);
log('memory…');
const memory = await measureMemory(quick ? 50 : 200, quick ? 250 : 1000);

const results = {
  when: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  bundles,
  phoneLoadsBoardCode: phoneHasBoard,
  felt,
  flood,
  storage,
  load: load.map(withoutSamples),
  durabilityNormal100: withoutSamples(normal100),
  versusBare: Object.fromEntries(
    Object.entries({ stress, realPace }).map(([k, v]) => [
      k,
      { ...v, ours: v.ours.map(withoutSamples), bare: v.bare.map(withoutSamples) },
    ]),
  ),
  boards: boardRuns,
  cluster: { load: cluster.load.map(withoutSamples), failover: cluster.failover },
  restart,
  memory,
  pack,
};

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const md = [
  `# Benchmarks (${results.when.slice(0, 10)})`,
  '',
  `Machine: ${results.machine.cpus} cores (${results.machine.model}), ${results.machine.memoryGb} GiB, Node ${results.machine.node}.`,
  'The load runs in a separate process from the server, on 127.0.0.1.',
  '',
  '## Bundles (production build, gzip -9)',
  '',
  '| route | JS | CSS |',
  '| --- | --- | --- |',
  ...bundles.map((b) => `| ${b.route} | ${kb(b.jsGzipBytes)} | ${kb(b.cssGzipBytes)} |`),
  '',
  `Phone route loads board code: ${phoneHasBoard ? 'YES' : 'no'}. Budget for the phone: 120 KB JS.`,
  '',
  '## Speed as felt (Chromium: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower, cold cache; median of 3)',
  '',
  '| responses | phone: link to a join form it can type in | console: open to board synced | projector: open to board synced | console bytes on the wire |',
  '| --- | --- | --- | --- | --- |',
  ...(['compressed', 'uncompressed'] as const).map((k) => {
    const f = felt[k];
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return `| ${k === 'compressed' ? 'brotli (as served)' : 'uncompressed (baseline)'} | ${s(f.phoneJoinFormMs)} | ${s(f.consoleBoardMs)} | ${s(f.screenBoardMs)} | ${kb(f.consoleBytes)} |`;
  }),
  '',
  'Targets: the phone within 1.5 s, the console and the projector within 5 s.',
  '',
  "## Flood: one participant against the server (another session's facilitator acks, every 100 ms)",
  '',
  '| phase | probe p50 ms | probe p99 ms | flooder sent | accepted | cut off at ms | store growth KB | server RSS MB |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...flood.map(
    (f) =>
      `| ${f.phase} | ${f.probeP50Ms} | ${f.probeP99Ms} | ${f.sent} | ${f.accepted} | ${f.cutOffAtMs ?? 'never'} | ${f.storeGrowthKb} | ${f.serverRssMb} |`,
  ),
  '',
  'Target: the probe p99 under each flood within 1.5x of unloaded. The flooder is kept out for a minute once cut off.',
  '',
  '## Storage: bytes on disk per accepted command (with its share of snapshots, after a checkpoint)',
  '',
  '| command | layout | commands | bytes per command |',
  '| --- | --- | --- | --- |',
  ...storage.map((r) => `| ${r.command} | ${r.layout} | ${r.commands} | ${r.bytesPerCommand} |`),
  '',
  '## Fan-out: send to projection at every member (12 sockets per session)',
  '',
  `Each run drives every session for ${seconds} s (the real-room runs twice that) after an unmeasured warm-up of two pauses (at least 2 s);`,
  'sessions start at random points of the first pause. The load process (all the clients) shares the 2 cores with the server: its CPU is shown too.',
  'The load process runs with a 64 MB young generation, so that its own garbage collections do not land in the latencies it measures;',
  "each run's server gets a fresh store, removed when it stops.",
  '',
  '### Scaling (100 ms pause: a stress test, about 7 commands a second in every session, far above a real room)',
  '',
  ...loadTable([...load, normal100]),
  '',
  '### Against bare socket.io, in interleaved rounds',
  '',
  "The bare server (bench/bareServer.ts) sends the same messages to the same rooms: the acknowledgement, a patch to each role's room,",
  "and an 'own' message to the sender's room when it submitted an item. The patch and 'own' messages are groupmap's own, recorded in",
  "that round's groupmap run (the median-sized of each), with only seq changed. It does nothing else: no validation, no state, no disk.",
  'A 2,000 ms pause is a busy real room (a command every 2 s in each of 100 sessions).',
  '',
  ...loadTable([...stress.ours, ...stress.bare, ...realPace.ours, ...realPace.bare]),
  '',
  '| pace | groupmap p99 (median of rounds) | bare p99 (median of rounds) | ratio (goal: at most 1.5x) |',
  '| --- | --- | --- | --- |',
  ...[stress, realPace].map(
    (v) => `| ${v.thinkMs} ms pause, ${v.rounds} rounds | ${v.oursP99} ms | ${v.bareP99} ms | **${v.ratio}x** |`,
  ),
  '',
  "## Boards: push to viewer, against tldraw's TLSocketRoom hosted bare",
  '',
  'Each board has one editor moving a note every 250 ms among a hundred others (a full board at the end of a session) and three',
  "read-only viewers (in groupmap the advisor, the caseworker and the shared screen). Latency: the editor's push sent to a viewer's",
  'receipt of the change, one sample per viewer. The bare server (bench/bareBoardServer.ts) is one TLSocketRoom per board with',
  "tldraw's in-memory storage on a plain `ws` server: no authentication, no template, nothing saved.",
  '',
  '| target | boards | sockets | pushes | receipts | p50 ms | p95 ms | p99 ms | max ms | server CPU % | server RSS MB | load CPU % | missed |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...boardRuns
    .flatMap((b) => [...b.ours, ...b.bare])
    .map(
      (r) =>
        `| ${r.target} | ${r.boards} | ${r.sockets} | ${r.pushes} | ${r.receipts} | ${r.p50Ms} | ${r.p95Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.serverCpuPercent} | ${r.serverRssMb} | ${r.loadCpuPercent} | ${r.missed} |`,
    ),
  '',
  '| boards | groupmap p99 (median of rounds) | bare p99 (median of rounds) | ratio (goal: at most 1.2x at 100 boards) |',
  '| --- | --- | --- | --- |',
  ...boardRuns.map((b) => `| ${b.boards}, ${b.rounds} rounds | ${b.oursP99} ms | ${b.bareP99} ms | **${b.ratio}x** |`),
  '',
  ...clusterTables(cluster),
  '## Question pack (300 items, model + rendering)',
  '',
  'Longest event-loop stall: the longest the server went without a turn (so without reading or sending on any socket) while one',
  "pack was rendered, in place and as a download renders it (PDF and DOCX on the pack renderer's worker thread). Worst of the runs.",
  '',
  '| format | mean ms | size | longest stall, in place | longest stall, served |',
  '| --- | --- | --- | --- | --- |',
  ...pack.map((p) => `| ${p.format} | ${p.meanMs} | ${kb(p.bytes)} | ${p.stallInPlaceMs} ms | ${p.stallServedMs} ms |`),
  '',
  '## Restart',
  '',
  `${restart.sessions} sessions of ${restart.commandsPerSession} commands each (process start included): listening after ${restart.msToListening} ms, first healthy answer (all sessions restored) after ${restart.msToFirstHealthy} ms, a command to a restored session acknowledged (so on disk) after ${restart.msToFirstCommand} ms.`,
  '',
  '## Memory',
  '',
  'Live memory: the heap in use plus memory outside it (buffers, native socket state), read after a forced full garbage collection.',
  '',
  '| what | live memory |',
  '| --- | --- |',
  `| per idle session (6 members joined, its board room loaded by one board connection; ${memory.sessions} sessions) | ${memory.kbPerIdleSession} KB |`,
  `| per connected socket.io socket (${memory.sockets} sockets) | ${memory.kbPerSocket} KB |`,
  `| the server with no sessions | ${memory.baselineLiveMb} MB |`,
  '',
  `Resident set size: ${memory.rssMb.empty} MB empty, ${memory.rssMb.withSessions} MB with the sessions, ${memory.rssMb.withSockets} MB with the sockets too (it moves in steps, and can fall after a collection).`,
  '',
].join('\n');

const dir = path.resolve('bench/results');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(dir, 'latest.md'), md);
log(md);
