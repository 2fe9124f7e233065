/**
 * Profiles the server under the 100-session load (not part of npm run bench):
 *   [THINK_MS=100] node --max-semi-space-size=64 --import tsx bench/profile.ts   -> a .cpuprofile in /tmp/groupmap-cpuprof, summarised here.
 * PROFILE=boards profiles groupmap under the 100-board load instead, PROFILE='bare boards' the bare TLSocketRoom server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runBoardLoad } from './boards.js';
import { runLoad } from './fanout.js';

const dir = '/tmp/groupmap-cpuprof';
fs.rmSync(dir, { recursive: true, force: true });
process.env.BENCH_SERVER_FLAGS = `--cpu-prof --cpu-prof-dir=${dir}`;
const seconds = Number(process.env.SECONDS_TO_RUN ?? 10);
const result =
  process.env.PROFILE === 'boards' || process.env.PROFILE === 'bare boards'
    ? await runBoardLoad({
        target: process.env.PROFILE === 'boards' ? 'groupmap' : 'bare TLSocketRoom',
        boards: 100,
        seconds,
      })
    : await runLoad({ target: 'groupmap', sessions: 100, seconds, thinkMs: Number(process.env.THINK_MS ?? 100) });
console.log(result);
await new Promise((r) => setTimeout(r, 1000));
// One profile per thread (CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile): thread 0 is the main
// thread, the event loop every socket shares; the others are the store's checkpointer and tsx's loader.
const file = fs.readdirSync(dir).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))!;
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
};
const self = new Map<number, number>();
for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
const byFrame = new Map<string, number>();
for (const node of profile.nodes) {
  const key = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.replace(/^.*node_modules\//, '')}:${node.callFrame.lineNumber}`;
  byFrame.set(key, (byFrame.get(key) ?? 0) + (self.get(node.id) ?? 0));
}
const total = profile.samples.length;
for (const [key, n] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${((n / total) * 100).toFixed(1)}%  ${key}`);
