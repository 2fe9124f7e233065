/**
 * Resident memory of the server per idle session (members joined, its board room loaded by a
 * connected board client) and per connected socket.io socket.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { createSession, join } from '../tests/helpers/client.js';
import { processUsage, startGroupmap, stop } from './fanout.js';

export interface MemoryResult {
  sessions: number;
  sockets: number;
  kbPerIdleSession: number;
  kbPerSocket: number;
  baselineRssMb: number;
}

const settle = () => new Promise((r) => setTimeout(r, 1500));

export async function measureMemory(sessions = 200, socketsWanted = 1000): Promise<MemoryResult> {
  const target = await startGroupmap({ NODE_OPTIONS: '--expose-gc' });
  const pid = target.child.pid!;
  await settle();
  const baseline = processUsage(pid).rssMb;
  const tokens: string[] = [];
  const boards: WebSocket[] = [];
  for (let i = 0; i < sessions; i++) {
    const created = await createSession(target.url, { title: `Idle ${i}`, facilitatorName: 'F' });
    tokens.push(created.facilitatorToken);
    for (let p = 0; p < 5; p++) tokens.push((await join(target.url, { code: created.participants.code, name: `P${p}` })).token);
    // Opening the board loads the session's tldraw room (from its template) on the server.
    const ws = new WebSocket(`${target.url.replace('http', 'ws')}/board/${created.sessionId}?token=${created.facilitatorToken}&sessionId=bench${i}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    boards.push(ws);
  }
  await settle();
  const withSessions = processUsage(pid).rssMb;
  const sockets: Socket[] = [];
  for (let i = 0; i < Math.min(socketsWanted, tokens.length); i += 50) {
    const batch = tokens.slice(i, Math.min(i + 50, socketsWanted)).map(
      (token) =>
        new Promise<Socket>((resolve, reject) => {
          const s = io(target.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
          s.once('view', () => resolve(s));
          s.once('connect_error', reject);
        }),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  await settle();
  const withSockets = processUsage(pid).rssMb;
  for (const s of sockets) s.disconnect();
  for (const b of boards) b.close();
  await stop(target);
  return {
    sessions,
    sockets: sockets.length,
    kbPerIdleSession: Math.round(((withSessions - baseline) * 1024) / sessions), // includes one board socket each
    kbPerSocket: Math.round(((withSockets - withSessions) * 1024) / sockets.length),
    baselineRssMb: Math.round(baseline),
  };
}
