/**
 * `node --max-semi-space-size=64 --import tsx bench/rehoming.ts <earlier checkout> [rounds]`: the
 * fan-out of an earlier commit and of this one against bare socket.io, in interleaved rounds (the
 * order turns each round, so drift in a shared machine's speed lands on all three), at the stress
 * pace (100 ms) and a real room's (2,000 ms), 100 sessions of 12 sockets. Each target's p99 is the
 * median of its rounds' p99s; the ratio is to bare socket.io. Issue 19 asked for the ratio before
 * and after the server was re-homed: run it with a checkout of the commit before.
 */
import { type LoadResult, median, runLoad } from './fanout.js';

const earlier = process.argv[2];
const rounds = Number(process.argv[3] ?? 3);
if (!earlier) throw new Error('usage: bench/rehoming.ts <checkout of the earlier commit> [rounds]');

// BEFORE_ENV='{"GROUPMAP_DURABILITY":"normal"}' with this checkout as the earlier one compares a setting instead.
const beforeEnv = JSON.parse(process.env.BEFORE_ENV ?? '{}') as Record<string, string>;
// PACES=2000 runs only a real room's pace (for more rounds of it).
const paces = (process.env.PACES ?? '100,2000').split(',').map(Number);
for (const [thinkMs, seconds] of (
  [
    [100, 20],
    [2000, 40],
  ] as const
).filter(([pause]) => paces.includes(pause))) {
  const runs: Record<'before' | 'after' | 'bare', LoadResult[]> = { before: [], after: [], bare: [] };
  for (let round = 0; round < rounds; round++) {
    const order = (['before', 'after', 'bare'] as const).map((_, i, all) => all[(i + round) % 3]!);
    for (const target of order) {
      process.stdout.write(`${thinkMs} ms pause, round ${round + 1}: ${target}…\n`);
      const sample = runs.after[0] ?? runs.before[0];
      runs[target].push(
        await runLoad({
          target: target === 'bare' ? 'bare socket.io' : 'groupmap',
          sessions: 100,
          seconds,
          thinkMs,
          ...(target === 'before' ? { groupmapDir: earlier, env: beforeEnv } : {}),
          ...(target === 'bare' ? { payloadBytes: sample?.meanViewBytes ?? 1500, samples: sample?.samples } : {}),
        }),
      );
    }
  }
  const p99 = (t: keyof typeof runs) => median(runs[t].map((r) => r.p99Ms));
  const p50 = (t: keyof typeof runs) => median(runs[t].map((r) => r.p50Ms));
  const bare = p99('bare');
  process.stdout.write(
    `RESULT pause ${thinkMs} ms: p99 before ${p99('before')} ms (x${(p99('before') / bare).toFixed(2)}), after ${p99('after')} ms (x${(p99('after') / bare).toFixed(2)}), bare ${bare} ms; p50 ${p50('before')} / ${p50('after')} / ${p50('bare')} ms; rounds ${rounds}\n`,
  );
}
