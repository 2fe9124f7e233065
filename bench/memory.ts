/**
 * Memory of the server per idle session (members joined, its board room loaded by a connected
 * board client) and per connected socket.io socket.
 *
 * Resident memory alone is too noisy for this: the heap grows in steps and is collected whenever
 * V8 likes, so one reading can even fall as things are added. The server is started with its
 * inspector on a local port; each reading forces a full garbage collection there first and takes
 * the live heap plus memory outside it (buffers, sockets' native state). RSS is reported beside it.
 * Live memory is what grows with use; RSS also holds V8's free pages and code, and lags behind.
 */
import net from 'node:net';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { boardUrl } from '../tests/helpers/boardClient.js';
import { createSession, join } from '../tests/helpers/client.js';
import { startGroupmap, stop } from './fanout.js';

export interface MemoryResult {
  sessions: number;
  sockets: number;
  /** Live heap + external memory after a full collection, per session / per socket. */
  kbPerIdleSession: number;
  kbPerSocket: number;
  /** Resident set size at each step, for comparison: it moves in steps and can fall after a collection. */
  rssMb: { empty: number; withSessions: number; withSockets: number };
  baselineLiveMb: number;
}

interface Reading {
  liveMb: number;
  rssMb: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A connection to the server's inspector that reads memory after a full collection. */
async function connectInspector(port: number): Promise<{ read(): Promise<Reading>; close(): void }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const call = (expression: string) =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(data.toString()) as {
          id?: number;
          result?: { result?: { value?: string } };
          error?: unknown;
        };
        if (msg.id !== id) return;
        ws.off('message', onMessage);
        if (msg.error || msg.result?.result?.value === undefined)
          reject(new Error(`inspector: ${JSON.stringify(msg)}`));
        else resolve(msg.result.result.value);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }));
    });
  return {
    async read() {
      const m = JSON.parse(
        await call('(() => { gc(); gc(); return JSON.stringify(process.memoryUsage()); })()'),
      ) as NodeJS.MemoryUsage;
      return { liveMb: (m.heapUsed + m.external) / 2 ** 20, rssMb: m.rss / 2 ** 20 };
    },
    close: () => ws.close(),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 1500));

export async function measureMemory(sessions = 200, socketsWanted = 1000): Promise<MemoryResult> {
  const inspectPort = await freePort();
  const target = await startGroupmap({ NODE_OPTIONS: `--expose-gc --inspect=127.0.0.1:${inspectPort}` });
  const inspector = await connectInspector(inspectPort);
  await settle();
  const baseline = await inspector.read();
  const tokens: string[] = [];
  const boards: WebSocket[] = [];
  for (let i = 0; i < sessions; i++) {
    const created = await createSession(target.url, { title: `Idle ${i}`, facilitatorName: 'F' });
    tokens.push(created.facilitatorToken);
    for (let p = 0; p < 5; p++)
      tokens.push((await join(target.url, { code: created.participants.code, name: `P${p}` })).token);
    // Opening the board loads the session's tldraw room (from its template) on the server.
    const ws = new WebSocket(await boardUrl(target.url, created.sessionId, created.facilitatorToken, `bench${i}`));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    boards.push(ws);
  }
  await settle();
  const withSessions = await inspector.read();
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
  const withSockets = await inspector.read();
  inspector.close();
  for (const s of sockets) s.disconnect();
  for (const b of boards) b.close();
  await stop(target);
  const kb = (mb: number, n: number) => Math.round((mb * 1024) / n);
  return {
    sessions,
    sockets: sockets.length,
    kbPerIdleSession: kb(withSessions.liveMb - baseline.liveMb, sessions), // includes one board socket each
    kbPerSocket: kb(withSockets.liveMb - withSessions.liveMb, sockets.length),
    rssMb: {
      empty: Math.round(baseline.rssMb),
      withSessions: Math.round(withSessions.rssMb),
      withSockets: Math.round(withSockets.rssMb),
    },
    baselineLiveMb: Math.round(baseline.liveMb),
  };
}
