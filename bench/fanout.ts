/**
 * Fan-out load: N sessions x 12 sockets (facilitator, advisor, caseworker, screen, 8 participants)
 * from this process against a server in another process on 127.0.0.1. Each session loops: a
 * command (participant submits, facilitator reads out or extends the clock), then waits until all
 * 12 members hold the projection of that change. Latency = send to the last member's arrival.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import { createSession, inviteSecret } from '../tests/helpers/client.js';
import { tempDataDir } from '../tests/helpers/server.js';

export interface LoadResult {
  target: string;
  thinkMs: number;
  sessions: number;
  sockets: number;
  commands: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  serverCpuPercent: number;
  serverRssMb: number;
  /** CPU of this load process (the 1,200 clients), which shares the machine with the server. */
  loadCpuPercent: number;
  meanViewBytes: number;
  timeouts: number;
  /** A patch and an 'own' message of typical size as members received them: the bare server replays these. */
  samples?: MessageSamples;
}

export interface MessageSamples {
  patch: Record<string, unknown>;
  own: Record<string, unknown> | null;
}

const MEMBERS_PER_SESSION = 12;

export interface Target {
  url: string;
  child: ChildProcess;
  /** The bench's own temporary directory for this process, removed when it stops. */
  dataDir: string;
}

export async function startProcess(
  args: string[],
  env: Record<string, string>,
  dataDir: string,
  cwd?: string,
): Promise<Target> {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
      ...(cwd ? { cwd } : {}),
    },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    lines.on('line', (line) => {
      // BENCH_ECHO=1 shows the server's other output (with BENCH_SERVER_FLAGS=--trace-gc, say).
      if (!line.startsWith('{'))
        return void (process.env.BENCH_ECHO === '1' && process.stderr.write(`server: ${line}\n`));
      const e = JSON.parse(line) as { event: string; port?: number };
      if (e.event === 'server.listening' && e.port) resolve(e.port);
    });
  });
  return { url: `http://127.0.0.1:${port}`, child, dataDir };
}

/** `cwd`: another checkout of groupmap to run (bench/rehoming.ts runs an earlier commit beside this one). */
export function startGroupmap(env: Record<string, string> = {}, cwd?: string): Promise<Target> {
  const dataDir = env.GROUPMAP_DATA_DIR ?? tempDataDir();
  return startProcess(
    ['server/main.ts'],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      GROUPMAP_CLIENT_DIR: '/nonexistent',
      // The load comes from one address: hundreds of sessions, far past a person's budget.
      GROUPMAP_SESSIONS_PER_HOUR: '1000000',
      ...env,
      GROUPMAP_DATA_DIR: dataDir,
    },
    dataDir,
    cwd,
  );
}

/** The bare server sends `samples` (groupmap's own messages) when given, or padding of `payloadBytes`. */
export function startBare(payloadBytes: number, samples?: MessageSamples): Promise<Target> {
  const dataDir = tempDataDir();
  const env: Record<string, string> = { PAYLOAD_BYTES: String(payloadBytes) };
  if (samples) {
    env.PAYLOAD_FILE = path.join(dataDir, 'samples.json');
    fs.writeFileSync(env.PAYLOAD_FILE, JSON.stringify(samples));
  }
  return startProcess(['bench/bareServer.ts'], env, dataDir);
}

export async function stop(target: Target): Promise<void> {
  await new Promise<void>((resolve) => {
    if (target.child.exitCode !== null) return resolve();
    target.child.once('exit', () => resolve());
    target.child.kill('SIGTERM');
  });
  fs.rmSync(target.dataDir, { recursive: true, force: true });
}

/** CPU seconds (user + system) a process has used so far, and its resident memory. */
export function processUsage(pid: number): { cpuSeconds: number; rssMb: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  return { cpuSeconds: ticks / 100, rssMb: rssKb / 1024 };
}

interface SessionLoad {
  sockets: Socket[];
  facilitator: Socket;
  participants: Socket[];
  /** The newest seq each member holds (views may coalesce several changes into one). */
  latest: Map<Socket, number>;
  waiters: Array<{ seq: number; resolve: (at: number) => void }>;
  unread: string[];
  viewBytes: number[];
  samples: { patch: Array<Record<string, unknown>>; own: Array<Record<string, unknown>> };
}

/** The lowest seq every member already holds. */
function heldByAll(load: SessionLoad): number {
  if (load.latest.size < MEMBERS_PER_SESSION) return -1;
  let lowest = Infinity;
  for (const seq of load.latest.values()) if (seq < lowest) lowest = seq;
  return lowest;
}

function track(load: SessionLoad, socket: Socket): void {
  // A patch or a whole view: either way the member now holds that seq (the bench does not apply them).
  const onMessage = (msg: { seq: number }) => {
    const now = performance.now();
    load.latest.set(socket, Math.max(load.latest.get(socket) ?? -1, msg.seq));
    if (load.viewBytes.length < 2000 && Math.random() < 0.05) load.viewBytes.push(JSON.stringify(msg).length);
    if (load.waiters.length === 0) return;
    // In place, without allocating: this runs for every message the load receives.
    const all = heldByAll(load);
    let kept = 0;
    for (const w of load.waiters) {
      if (w.seq <= all) w.resolve(now);
      else load.waiters[kept++] = w;
    }
    load.waiters.length = kept;
  };
  const sample = (list: Array<Record<string, unknown>>) => (msg: Record<string, unknown>) => {
    if (list.length < 50 && Math.random() < 0.05) list.push(msg);
  };
  socket.on('view', onMessage);
  socket.on('patch', onMessage);
  socket.on('patch', sample(load.samples.patch));
  socket.on('own', sample(load.samples.own));
}

function connect(url: string, auth: Record<string, string>, query?: Record<string, string>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { auth, query, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** A session's sockets, tracked: the facilitator first, then advisor, caseworker, screen, participants. */
function trackedLoad(sockets: Socket[]): SessionLoad {
  const load: SessionLoad = {
    sockets,
    facilitator: sockets[0]!,
    participants: sockets.slice(4),
    latest: new Map(),
    waiters: [],
    unread: [],
    viewBytes: [],
    samples: { patch: [], own: [] },
  };
  for (const s of sockets) track(load, s);
  return load;
}

/** As the app joins: which session (any node), then the join on the session's own (a proxy routes by its id). */
async function joinRouted(url: string, sessionId: string, body: Record<string, string>): Promise<string> {
  // A checkout from before joining had two steps (bench/rehoming.ts runs earlier commits) has only /api/join.
  let path = `/api/sessions/${sessionId}/join`;
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 201) return ((await res.json()) as { token: string }).token;
    if (
      res.status === 404 &&
      path !== '/api/join' &&
      (await res.json().catch(() => null))?.error?.message === 'no such endpoint'
    ) {
      path = '/api/join';
      continue;
    }
    // MOVED (503): the session is changing nodes; the app tries again after a second, as here.
    if (res.status !== 503 || attempt === 10) throw new Error(`join failed: ${res.status}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function setupGroupmapSession(url: string): Promise<SessionLoad> {
  const created = await createSession(url, { title: 'Bench', facilitatorName: 'F' });
  const id = created.sessionId;
  const tokens = [created.facilitatorToken];
  for (const role of ['advisor', 'caseworker', 'screen'] as const)
    tokens.push(await joinRouted(url, id, { invite: inviteSecret(created, role), name: role }));
  for (let i = 0; i < 8; i++)
    tokens.push(await joinRouted(url, id, { code: created.participants.code, name: `P${i}` }));
  // The session id in the handshake's query, as the app sends it, so a proxy sends every member to one node.
  const sockets = await Promise.all(tokens.map((token) => connect(url, { token }, { session: id })));
  const load = trackedLoad(sockets);
  for (let i = 0; i < 5; i++) await load.facilitator.emitWithAck('command', { type: 'stage.advance', id: nanoid(12) });
  return load;
}

async function setupBareSession(url: string, room: string): Promise<SessionLoad> {
  // The same members as a groupmap session: facilitator, advisor, caseworker, screen, 8 participants.
  const roleOf = (i: number) => ['facilitator', 'advisor', 'caseworker', 'screen'][i] ?? 'participant';
  const sockets = await Promise.all(
    Array.from({ length: MEMBERS_PER_SESSION }, (_, i) => connect(url, { room, role: roleOf(i), member: `m${i}` })),
  );
  const load = trackedLoad(sockets);
  return load;
}

/** The mix of a question stage: mostly writing, some read-outs, an occasional clock change. */
function nextCommand(load: SessionLoad, step: number): { socket: Socket; command: Record<string, unknown> } {
  const roll = Math.random();
  if (roll < 0.6 || load.unread.length === 0) {
    const itemId = nanoid(12);
    load.unread.push(itemId);
    const socket = load.participants[step % load.participants.length]!;
    return {
      socket,
      command: {
        type: 'item.submit',
        id: nanoid(12),
        itemId,
        stageId: 'working-well',
        text: `Bench question ${step}: who else has noticed what is working?`,
      },
    };
  }
  if (roll < 0.85)
    return {
      socket: load.facilitator,
      command: { type: 'item.readOut', id: nanoid(12), itemId: load.unread.shift()! },
    };
  return {
    socket: load.facilitator,
    command: { type: 'timer.extend', id: nanoid(12), scope: 'step', minutes: step % 2 ? 0.5 : -0.5 },
  };
}

const think = (thinkMs: number) => new Promise((r) => setTimeout(r, thinkMs * (0.8 + Math.random() * 0.4))); // people pause between taps

async function drive(
  load: SessionLoad,
  window: { from: number; until: number },
  latencies: number[],
  counters: { timeouts: number },
  thinkMs: number,
): Promise<void> {
  // Sessions start at random points of one pause, as rooms do: not all in the same millisecond.
  await new Promise((r) => setTimeout(r, Math.random() * thinkMs));
  for (let step = 0; performance.now() < window.until; step++) {
    const { socket, command } = nextCommand(load, step);
    const sent = performance.now();
    const ack = (await socket
      .timeout(10_000)
      .emitWithAck('command', command)
      .catch(() => null)) as { ok: boolean; seq: number } | null;
    if (!ack?.ok) {
      counters.timeouts++;
      continue;
    }
    // Every member holds this change (or a newer view that includes it): when did the last get it?
    const arrivedAt =
      heldByAll(load) >= ack.seq
        ? performance.now()
        : await new Promise<number | null>((resolve) => {
            const timer = setTimeout(() => resolve(null), 10_000);
            load.waiters.push({
              seq: ack.seq,
              resolve: (at) => {
                clearTimeout(timer);
                resolve(at);
              },
            });
          });
    if (arrivedAt === null) {
      counters.timeouts++;
      continue;
    }
    if (sent >= window.from) latencies.push(arrivedAt - sent);
    await think(thinkMs);
  }
}

/**
 * thinkMs is the pause between one session's commands: 100 ms is a stress test (about 7 commands a
 * second per session, far above a real room); 2,000 ms is a busy real room (everyone writing).
 */
export async function runLoad(opts: {
  target: 'groupmap' | 'bare socket.io';
  sessions: number;
  seconds: number;
  thinkMs?: number;
  payloadBytes?: number;
  /** For the bare server: groupmap's messages to replay (see LoadResult.samples). */
  samples?: MessageSamples;
  env?: Record<string, string>;
  /** Another checkout of groupmap to run instead of this one. */
  groupmapDir?: string;
  /** Servers started elsewhere (nodes behind a proxy): their address and processes, left running. */
  external?: { url: string; pids: number[] };
}): Promise<LoadResult> {
  if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
    process.stderr.write(
      'bench: run the load with node --max-semi-space-size=64 (see README): its own GC pauses otherwise land in the latencies\n',
    );
  }
  const server = opts.external
    ? null
    : opts.target === 'groupmap'
      ? await startGroupmap(opts.env, opts.groupmapDir)
      : await startBare(opts.payloadBytes ?? 2000, opts.samples);
  const url = opts.external?.url ?? server!.url;
  const pids = opts.external?.pids ?? [server!.child.pid!];
  const loads: SessionLoad[] = [];
  for (let i = 0; i < opts.sessions; i += 10) {
    const batch = Array.from({ length: Math.min(10, opts.sessions - i) }, (_, j) =>
      opts.target === 'groupmap' ? setupGroupmapSession(url) : setupBareSession(url, `room-${i + j}`),
    );
    loads.push(...(await Promise.all(batch)));
  }
  const latencies: number[] = [];
  const counters = { timeouts: 0 };
  const thinkMs = opts.thinkMs ?? 100;
  // A warm-up of two pauses (at least 2 s) is driven but not measured: JIT, first snapshots, sessions' staggered starts.
  const warmupMs = Math.max(2000, 2 * thinkMs);
  const measured = measure(pids, warmupMs, opts.seconds);
  await Promise.all(loads.map((l) => drive(l, measured.window, latencies, counters, thinkMs)));
  const usage = measured.finish();
  for (const l of loads) for (const s of l.sockets) s.disconnect();
  if (server) await stop(server);
  const sorted = [...latencies].sort((a, b) => a - b);
  const viewBytes = loads.flatMap((l) => l.viewBytes);
  return {
    target: opts.target,
    thinkMs,
    sessions: opts.sessions,
    sockets: opts.sessions * MEMBERS_PER_SESSION,
    commands: latencies.length,
    ...usage,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
    meanViewBytes: Math.round(viewBytes.reduce((a, b) => a + b, 0) / Math.max(1, viewBytes.length)),
    samples: typicalSamples(loads),
    timeouts: counters.timeouts,
  };
}

export const round = (n: number) => Math.round(n * 10) / 10;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * The measured window, after a warm-up that is driven but not measured, and what the server and
 * this load process used of the CPU over it.
 */
export function measure(serverPids: number | number[], warmupMs: number, seconds: number) {
  const pids = Array.isArray(serverPids) ? serverPids : [serverPids];
  // Several server processes (nodes) count as one server: CPU summed, memory summed.
  const usage = () =>
    pids.map(processUsage).reduce((a, b) => ({ cpuSeconds: a.cpuSeconds + b.cpuSeconds, rssMb: a.rssMb + b.rssMb }));
  const started = performance.now();
  const window = { from: started + warmupMs, until: started + warmupMs + seconds * 1000 };
  let server: ReturnType<typeof processUsage> | undefined;
  let load = process.cpuUsage();
  const timer = setTimeout(() => {
    server = usage();
    load = process.cpuUsage();
  }, warmupMs);
  return {
    window,
    finish() {
      clearTimeout(timer);
      const elapsed = (performance.now() - window.from) / 1000;
      const after = usage();
      const loadCpu = process.cpuUsage(load);
      const before = server ?? after;
      return {
        seconds: round(elapsed),
        serverCpuPercent: Math.round(((after.cpuSeconds - before.cpuSeconds) / elapsed) * 100),
        serverRssMb: Math.round(after.rssMb),
        loadCpuPercent: Math.round(((loadCpu.user + loadCpu.system) / 1e6 / elapsed) * 100),
      };
    },
  };
}

/** The sampled patch and 'own' message whose encoded size is the median of their kind. */
function typicalSamples(loads: SessionLoad[]): MessageSamples | undefined {
  const median = (list: Array<Record<string, unknown>>) =>
    list.map((m) => ({ m, size: JSON.stringify(m).length })).sort((a, b) => a.size - b.size)[
      Math.floor(list.length / 2)
    ]?.m ?? null;
  const patch = median(loads.flatMap((l) => l.samples.patch));
  return patch ? { patch, own: median(loads.flatMap((l) => l.samples.own)) } : undefined;
}

/** One row per load run, as the bench's tables show them. */
export function loadTable(rows: LoadResult[]): string[] {
  return [
    '| target | pause | sessions | sockets | commands | p50 ms | p99 ms | max ms | server CPU % | server RSS MB | load CPU % | mean message bytes | timeouts |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.target} | ${r.thinkMs} ms | ${r.sessions} | ${r.sockets} | ${r.commands} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.serverCpuPercent} | ${r.serverRssMb} | ${r.loadCpuPercent} | ${r.meanViewBytes} | ${r.timeouts} |`,
    ),
  ];
}
