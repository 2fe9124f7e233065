/**
 * Restart: a store with many sessions mid-process (each with joins, items, read-outs and clock
 * changes past a snapshot), then the time from starting the server process to serving them all.
 */
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { createGroupmapServer } from '../server/app.js';
import { silentLogger } from '../server/log.js';
import type { MemberIdentity } from '../server/sessions/hub.js';
import { tempDataDir } from '../tests/helpers/server.js';
import { startGroupmap, stop } from './fanout.js';

export interface RestartResult {
  sessions: number;
  commandsPerSession: number;
  msToListening: number;
  msToFirstHealthy: number;
  /** Until a command sent to a restored session is acknowledged (so committed to disk). */
  msToFirstCommand: number;
}

export async function buildStore(
  sessions: number,
): Promise<{ dataDir: string; commandsPerSession: number; facilitatorToken: string }> {
  const dataDir = tempDataDir();
  const server = createGroupmapServer(
    { port: 0, host: '127.0.0.1', dataDir, publicUrl: 'http://127.0.0.1:0', durability: 'normal', clientDir: null },
    { logger: silentLogger },
  );
  let n = 0;
  let commands = 0;
  let facilitatorToken = '';
  for (let s = 0; s < sessions; s++) {
    const created = await server.hub.access.create({ title: `Bench ${s}`, facilitatorName: 'F' });
    if (!created.ok) throw new Error('create failed');
    const { state, facilitatorId } = created.value;
    facilitatorToken = created.value.facilitatorToken;
    const fac: MemberIdentity = { sessionId: state.id, memberId: facilitatorId, role: 'facilitator' };
    const participants: MemberIdentity[] = [];
    for (let p = 0; p < 8; p++) {
      const joined = await server.hub.access.join({ code: state.joinCode, name: `P${p}` });
      if (!joined.ok) throw new Error('join failed');
      participants.push({ sessionId: state.id, memberId: joined.value.memberId, role: 'participant' });
    }
    const run = async (who: MemberIdentity, command: Record<string, unknown>) => {
      const ack = await server.hub.execute(who, { id: `bench-${String(++n).padStart(8, '0')}`, ...command });
      if (!ack.ok) throw new Error(`${String(command.type)}: ${ack.error.message}`);
    };
    for (let i = 0; i < 5; i++) await run(fac, { type: 'stage.advance' });
    for (let i = 0; i < 48; i++)
      await run(participants[i % 8]!, {
        type: 'item.submit',
        itemId: `item-${s}-${i}`,
        stageId: 'working-well',
        text: `Question ${i} about what is working well for this family?`,
      });
    await run(fac, { type: 'step.advance' });
    for (let i = 0; i < 16; i++) await run(fac, { type: 'item.readOut', itemId: `item-${s}-${i}` });
    commands = server.hub.get(state.id)!.seq;
  }
  await server.close();
  return { dataDir, commandsPerSession: commands, facilitatorToken };
}

export async function measureRestart(sessions = 200): Promise<RestartResult> {
  const { dataDir, commandsPerSession, facilitatorToken } = await buildStore(sessions);
  const started = performance.now();
  const target = await startGroupmap({ GROUPMAP_DATA_DIR: dataDir });
  const msToListening = performance.now() - started;
  const res = await fetch(`${target.url}/healthz`);
  const body = (await res.json()) as { sessions: number };
  const msToFirstHealthy = performance.now() - started;
  const socket = io(target.url, { auth: { token: facilitatorToken }, transports: ['websocket'], reconnection: false });
  const ack = (await socket.emitWithAck('command', {
    type: 'timer.extend',
    id: 'bench-after-restart',
    scope: 'step',
    minutes: 1,
  })) as { ok: boolean };
  const msToFirstCommand = performance.now() - started;
  socket.disconnect();
  if (!ack.ok) throw new Error('the restored session refused a command');
  await stop(target);
  if (body.sessions !== sessions) throw new Error(`restored ${body.sessions} of ${sessions}`);
  return {
    sessions,
    commandsPerSession,
    msToListening: Math.round(msToListening),
    msToFirstHealthy: Math.round(msToFirstHealthy),
    msToFirstCommand: Math.round(msToFirstCommand),
  };
}
