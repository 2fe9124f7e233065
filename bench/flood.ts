/**
 * One attendee trying to stop the server (issue 19): a participant of one session floods commands
 * (an item edit toggled at full speed), then `resync`, each for `seconds`, while the facilitator
 * of another session works at a brisk pace. Reported: that facilitator's acknowledgement p99
 * unloaded and under each flood, how much of the flood was accepted, when the flooder was cut off,
 * and how much the store and the server's memory grew.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { createSession, join, TestClient } from '../tests/helpers/client.js';
import { processUsage, startGroupmap, stop } from './fanout.js';

export interface FloodPhase {
  phase: string;
  probeP99Ms: number;
  probeP50Ms: number;
  /** What the flooder sent, and what the server accepted (commands) or answered (resyncs). */
  sent: number;
  accepted: number;
  /** Milliseconds into the flood when the server disconnected the flooder, or null. */
  cutOffAtMs: number | null;
  storeGrowthKb: number;
  serverRssMb: number;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

async function probe(F: TestClient, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < until; i++) {
    const started = performance.now();
    await F.ok({ type: 'timer.extend', scope: 'step', minutes: i % 2 ? 0.5 : -0.5 });
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 100));
  }
  return latencies;
}

function storeBytes(dataDir: string): number {
  let total = 0;
  for (const f of fs.readdirSync(dataDir)) total += fs.statSync(path.join(dataDir, f)).size;
  return total;
}

/** Sends `emit` as fast as the socket takes it (up to 64 waiting) until time is up or the server cuts it off. */
async function flood(
  socket: Socket,
  seconds: number,
  emit: (i: number, done: (accepted: boolean) => void) => void,
): Promise<{ sent: number; accepted: number; cutOffAtMs: number | null }> {
  const started = performance.now();
  let sent = 0;
  let accepted = 0;
  let inFlight = 0;
  let cutOffAtMs: number | null = null;
  socket.once('disconnect', () => {
    cutOffAtMs = Math.round(performance.now() - started);
  });
  while (performance.now() - started < seconds * 1000 && cutOffAtMs === null) {
    if (inFlight >= 64) {
      await new Promise((r) => setImmediate(r));
      continue;
    }
    inFlight++;
    sent++;
    emit(sent, (ok) => {
      inFlight--;
      if (ok) accepted++;
    });
    if (sent % 16 === 0) await new Promise((r) => setImmediate(r));
  }
  return { sent, accepted, cutOffAtMs };
}

export async function measureFlood(seconds = 10): Promise<FloodPhase[]> {
  // Behind a proxy, as hosted: the join jam comes from many addresses (X-Forwarded-For).
  const target = await startGroupmap({ GROUPMAP_TRUST_PROXY: '1' });
  const phases: FloodPhase[] = [];
  const clients: TestClient[] = [];
  try {
    const victim = await createSession(target.url);
    const attacked = await createSession(target.url);
    const FV = new TestClient(target.url, victim.facilitatorToken);
    const FA = new TestClient(target.url, attacked.facilitatorToken);
    clients.push(FV, FA);
    await Promise.all([FV.connected(), FA.connected()]);
    for (let i = 0; i < 5; i++) await Promise.all([FV.ok({ type: 'stage.advance' }), FA.ok({ type: 'stage.advance' })]);

    const record = async (
      phase: string,
      run: () => Promise<{ sent: number; accepted: number; cutOffAtMs: number | null }>,
    ) => {
      const bytesBefore = storeBytes(target.dataDir);
      const [latencies, result] = await Promise.all([probe(FV, seconds), run()]);
      phases.push({
        phase,
        probeP50Ms: Math.round(percentile(latencies, 0.5) * 10) / 10,
        probeP99Ms: Math.round(percentile(latencies, 0.99) * 10) / 10,
        ...result,
        storeGrowthKb: Math.round((storeBytes(target.dataDir) - bytesBefore) / 1024),
        serverRssMb: Math.round(processUsage(target.child.pid!).rssMb),
      });
    };

    await record('unloaded', async () => ({ sent: 0, accepted: 0, cutOffAtMs: null }));

    const attacker = (name: string) => join(target.url, { code: attacked.participants.code, name });
    const a1 = await attacker('Flood');
    const commands = io(target.url, { auth: { token: a1.token }, transports: ['websocket'], reconnection: false });
    await new Promise((r) => commands.once('connect', () => r(null)));
    const item = { type: 'item.submit', id: 'flood-submit', itemId: 'flood-item', stageId: 'working-well' };
    await commands.timeout(5000).emitWithAck('command', { ...item, text: 'x'.repeat(1000) });
    await record('command flood (item.edit, 1 KB)', () =>
      flood(commands, seconds, (i, done) =>
        commands.emit(
          'command',
          { type: 'item.edit', id: `flood-${i}`, itemId: 'flood-item', text: `${i % 2 ? 'a' : 'b'}${'x'.repeat(999)}` },
          (ack: { ok: boolean }) => done(ack.ok),
        ),
      ),
    );
    commands.close();

    // A second attacker with 60 items of 1 KB asks for the whole view again and again.
    const a2 = await attacker('Resync');
    const P2 = new TestClient(target.url, a2.token);
    clients.push(P2);
    await P2.connected();
    for (let i = 0; i < 60; i++)
      await P2.ok({
        type: 'item.submit',
        itemId: `resync-item-${String(i).padStart(3, '0')}`,
        stageId: 'working-well',
        text: `${i} ${'y'.repeat(990)}`,
      });
    let views = 0;
    P2.socket.on('view', () => views++);
    await record('resync flood (60 items of 1 KB)', async () => {
      const result = await flood(P2.socket, seconds, (_i, done) => {
        P2.socket.emit('resync');
        done(false);
      });
      return { ...result, accepted: views };
    });

    // Wrong codes from 200 addresses as fast as four loops can send them, while people with the
    // right code arrive from their own addresses every 250 ms: they must all get in.
    let right = 0;
    await record('join jam (wrong codes from 200 addresses; accepted = right-code joins)', async () => {
      const until = performance.now() + seconds * 1000;
      let sent = 0;
      let joined = 0;
      const post = (address: string, body: object) =>
        fetch(`${target.url}/api/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
          body: JSON.stringify(body),
        });
      const wrong = async (loop: number) => {
        while (performance.now() < until) {
          await post(`10.0.${loop}.${sent++ % 50}`, { code: 'QQQQQQ', name: 'Guess' });
        }
      };
      const people = async () => {
        while (performance.now() < until) {
          right++;
          const res = await post(`192.168.7.${right}`, { code: attacked.participants.code, name: `Person ${right}` });
          if (res.status === 201) joined++;
          await new Promise((r) => setTimeout(r, 250));
        }
      };
      await Promise.all([wrong(0), wrong(1), wrong(2), wrong(3), people()]);
      return { sent, accepted: joined, cutOffAtMs: null };
    });
    phases.at(-1)!.phase += `: ${right} tried`;
  } finally {
    for (const c of clients) c.close();
    await stop(target);
  }
  return phases;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await measureFlood(Number(process.env.SECONDS_TO_RUN ?? 10)));
}
