/**
 * A quick A/B of one load shape (not part of npm run bench): groupmap against bare socket.io.
 *   SESSIONS=100 THINK_MS=100 SECONDS_TO_RUN=15 node --max-semi-space-size=64 --import tsx bench/compare.ts
 */
import { runLoad } from './fanout.js';

const sessions = Number(process.env.SESSIONS ?? 100);
const thinkMs = Number(process.env.THINK_MS ?? 100);
const seconds = Number(process.env.SECONDS_TO_RUN ?? 15);
const ours = await runLoad({ target: 'groupmap', sessions, seconds, thinkMs });
console.log(JSON.stringify({ ...ours, samples: undefined }));
if (process.env.SKIP_BARE !== '1') {
  const bare = await runLoad({
    target: 'bare socket.io',
    sessions,
    seconds,
    thinkMs,
    payloadBytes: ours.meanViewBytes,
    samples: ours.samples,
  });
  console.log(JSON.stringify({ ...bare, samples: undefined }));
  console.log(`p99 ratio ${(ours.p99Ms / bare.p99Ms).toFixed(2)}x`);
}
