/**
 * Board fan-out: N boards, each with one editor moving a note every 250 ms and three read-only
 * viewers (in groupmap: the advisor, the caseworker and the shared screen), from this process
 * against a server in another process on 127.0.0.1. Latency = the editor's push sent to a
 * viewer's receipt of that change; every viewer's receipt is one sample.
 * The same load runs against groupmap and against tldraw's TLSocketRoom hosted bare
 * (bench/bareBoardServer.ts), speaking tldraw's sync protocol over plain WebSockets.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { getIndexAbove, type IndexKey } from '@tldraw/utils';
import { nanoid } from 'nanoid';
import WebSocket from 'ws';
import { noteRecord } from '../server/board/records.js';
import { boardUrl, connectBoard } from '../tests/helpers/boardClient.js';
import { createSession, inviteSecret, join } from '../tests/helpers/client.js';
import { tempDataDir } from '../tests/helpers/server.js';
import { measure, percentile, round, startGroupmap, startProcess, stop, type Target } from './fanout.js';

export type BoardTarget = 'groupmap' | 'bare TLSocketRoom';

export interface BoardLoadResult {
  target: BoardTarget;
  boards: number;
  sockets: number;
  /** Changes the editors pushed in the measured window. */
  pushes: number;
  /** Viewer receipts measured (pushes x 3 when none is missed). */
  receipts: number;
  seconds: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  serverCpuPercent: number;
  serverRssMb: number;
  loadCpuPercent: number;
  /** Pushes some viewer never saw within 5 s. */
  missed: number;
}

const VIEWERS = 3;
const PING_MS = 5000; // tldraw's own clients ping every 5 s; a silent session is dropped after 20 s

interface BoardLoad {
  editor: WebSocket;
  viewers: WebSocket[];
  shapeId: string;
  /** When the editor sent the push that set x to n, by n (a ring: far more than are ever in flight). */
  sentAt: Float64Array;
  /** Viewers that have seen each n, to count missed receipts. */
  seen: Uint8Array;
}

const RING = 256;

/** The board sockets' URLs for one board of each target. */
async function boardUrls(
  target: BoardTarget,
  server: Target,
  n: number,
): Promise<{ editor: string; viewers: string[] }> {
  const ws = server.url.replace(/^http/, 'ws');
  if (target === 'bare TLSocketRoom') {
    const url = (tab: string) => `${ws}/board/board-${n}?sessionId=${tab}`;
    return { editor: url(nanoid()), viewers: Array.from({ length: VIEWERS }, () => url(nanoid())) };
  }
  const created = await createSession(server.url, { title: 'Bench', facilitatorName: 'F' });
  const url = (token: string) => boardUrl(server.url, created.sessionId, token);
  const viewers: string[] = [];
  for (const role of ['advisor', 'caseworker', 'screen'] as const)
    viewers.push(await url((await join(server.url, { invite: inviteSecret(created, role), name: role })).token));
  return { editor: await url(created.facilitatorToken), viewers };
}

/**
 * What a board holds by the end of a session: the family and the map's notes, about a hundred
 * shapes (the note the editor moves among them), so that whatever a server does per change
 * with the whole board shows at its real size.
 */
const NOTES_ON_A_FULL_BOARD = 100;
function fullBoard(movingId: string): Record<string, ['put', unknown]> {
  const diff: Record<string, ['put', unknown]> = {};
  let index = 'a1';
  for (let i = 0; i < NOTES_ON_A_FULL_BOARD; i++) {
    index = getIndexAbove(index as IndexKey);
    const id = i === 0 ? movingId : `shape:bench-note-${i}`;
    const text = `Question ${i}: what would the children's grandmother say she has seen working well at bedtime, and who else has noticed it?`;
    diff[id] = [
      'put',
      noteRecord({
        id,
        parentId: 'page:page',
        index: index as IndexKey,
        x: (i % 10) * 220,
        y: Math.floor(i / 10) * 220 + 2000,
        text,
        color: 'yellow',
        meta: {},
      }),
    ];
  }
  return diff;
}

async function setupBoard(target: BoardTarget, server: Target, n: number, samples: number[]): Promise<BoardLoad> {
  const urls = await boardUrls(target, server, n);
  const editor = (await connectBoard(urls.editor)).ws;
  const viewers = (await Promise.all(urls.viewers.map((url) => connectBoard(url)))).map((c) => c.ws);
  const board: BoardLoad = {
    editor,
    viewers,
    shapeId: `shape:bench-${n}`,
    sentAt: new Float64Array(RING),
    seen: new Uint8Array(RING),
  };
  editor.send(JSON.stringify({ type: 'push', clientClock: 0, diff: fullBoard(board.shapeId) }));
  for (const viewer of viewers) {
    viewer.on('message', (data) => {
      const now = performance.now();
      const msg = JSON.parse(String(data)) as {
        type: string;
        data?: Array<{ type: string; diff?: Record<string, [string, Record<string, [string, unknown]>]> }>;
      };
      if (msg.type !== 'data') return;
      for (const event of msg.data ?? []) {
        const x = event.type === 'patch' ? event.diff?.[board.shapeId]?.[1]?.x?.[1] : undefined;
        if (typeof x !== 'number' || x <= 0) continue;
        const slot = x % RING;
        board.seen[slot]!++;
        if (board.sentAt[slot]! > 0) samples.push(now - board.sentAt[slot]!);
      }
    });
  }
  return board;
}

async function drive(
  board: BoardLoad,
  window: { from: number; until: number },
  intervalMs: number,
  counters: { pushes: number; missed: number },
) {
  await new Promise((r) => setTimeout(r, Math.random() * intervalMs)); // boards start at random points
  for (let x = 1; performance.now() < window.until; x++) {
    const slot = x % RING;
    if (x > RING && board.seen[slot]! < VIEWERS && board.sentAt[slot]! > 0) counters.missed++;
    const sent = performance.now();
    board.sentAt[slot] = sent >= window.from ? sent : 0; // the warm-up is driven, not measured
    board.seen[slot] = 0;
    board.editor.send(
      JSON.stringify({ type: 'push', clientClock: x, diff: { [board.shapeId]: ['patch', { x: ['put', x] }] } }),
    );
    if (sent >= window.from) counters.pushes++;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function runBoardLoad(opts: {
  target: BoardTarget;
  boards: number;
  seconds: number;
  intervalMs?: number;
}): Promise<BoardLoadResult> {
  const intervalMs = opts.intervalMs ?? 250;
  const server =
    opts.target === 'groupmap'
      ? await startGroupmap()
      : await startProcess(['bench/bareBoardServer.ts'], {}, tempDataDir());
  const samples: number[] = [];
  const boards: BoardLoad[] = [];
  for (let i = 0; i < opts.boards; i += 10) {
    boards.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, opts.boards - i) }, (_, j) =>
          setupBoard(opts.target, server, i + j, samples),
        ),
      )),
    );
  }
  const sockets = boards.flatMap((b) => [b.editor, ...b.viewers]);
  const pinger = setInterval(() => {
    for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.send('{"type":"ping"}');
  }, PING_MS);
  const measured = measure(server.child.pid!, 2000, opts.seconds);
  const counters = { pushes: 0, missed: 0 };
  await Promise.all(boards.map((b) => drive(b, measured.window, intervalMs, counters)));
  await new Promise((r) => setTimeout(r, 500)); // the last pushes' receipts
  const usage = measured.finish();
  clearInterval(pinger);
  for (const s of sockets) s.terminate();
  await stop(server);
  const sorted = samples.sort((a, b) => a - b);
  return {
    target: opts.target,
    boards: opts.boards,
    sockets: sockets.length,
    pushes: counters.pushes,
    receipts: sorted.length,
    ...usage,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
    missed: counters.missed,
  };
}

/** Standalone: `node --import tsx bench/boards.ts [boards] [seconds]`, both targets interleaved. */
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const boards = Number(process.argv[2] ?? 100);
  const seconds = Number(process.argv[3] ?? 20);
  for (const target of ['groupmap', 'bare TLSocketRoom'] as const) {
    process.stdout.write(`${JSON.stringify(await runBoardLoad({ target, boards, seconds }))}\n`);
  }
}
