/**
 * The failover scenario of issue 20, shared by the cluster test (which asserts on its figures) and
 * the bench (which reports them): sessions of phones writing through the proxy, a board shape
 * drawn, the node holding the most sessions SIGKILLed mid-stream, then everything checked in the
 * database.
 */
import { noteRecord } from '../../server/board/records.js';
import { boardUrl, connectBoard } from './boardClient.js';
import { createSession, TestClient } from './client.js';
import type { Cluster } from './cluster.js';
import { RetryingPhone } from './retryingClient.js';

export interface SessionRow {
  id: string;
  owner: string | null;
  epoch: number;
}

export const sessionsInDb = async (cluster: Cluster) =>
  new Map(
    (
      await cluster.postgres.query<SessionRow>(cluster.database, 'SELECT id, owner, epoch::int AS epoch FROM sessions')
    ).map((r) => [r.id, r]),
  );

/** Two steps, as the app joins: resolve the code on any node, then join on the session's. */
export async function joinThroughProxy(
  cluster: Cluster,
  code: string,
  name: string,
): Promise<{ sessionId: string; token: string }> {
  const resolved = await fetch(`${cluster.url}/api/resolve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const { sessionId } = (await resolved.json()) as { sessionId: string };
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${cluster.url}/api/sessions/${sessionId}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name }),
    });
    if (res.status === 201) return (await res.json()) as { sessionId: string; token: string };
    if (res.status !== 503 || attempt > 20) throw new Error(`join failed: ${res.status}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A session in a writing step, held by whichever node its id hashes to. */
export async function writingSession(cluster: Cluster, title: string) {
  const created = await createSession(cluster.url, { title, facilitatorName: 'F' });
  const F = new TestClient(cluster.url, created.facilitatorToken, { sessionId: created.sessionId });
  await F.connected();
  for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' }); // what's working well: writing
  F.close();
  return created;
}

function stroke(i: number) {
  return noteRecord({
    id: `shape:before-kill-${i}`,
    parentId: 'page:page',
    index: 'a5' as never,
    x: i * 10,
    y: 0,
    text: `Drawn before the kill ${i}`,
    color: 'yellow',
    meta: {},
  });
}

export interface FailoverFigures {
  victim: string;
  sessions: number;
  /** Sessions the killed node held, and their phones. */
  moved: number;
  movedPhones: number;
  /** For each phone of a moved session: ms from the kill to its first acknowledgement after it. */
  servedMs: number[];
  /** The largest wait between two acknowledgements in sessions whose node lived. */
  largestGapMs: number;
  items: number;
  lost: number;
  duplicated: number;
  /** Every session's log numbered 1..n. */
  gapFree: boolean;
  /** Each moved session's epoch up by exactly one, and its owner another node. */
  epochsUpByOne: boolean;
  ownersChanged: boolean;
  /** A shape answered before the kill is on the board after. */
  boardKept: boolean;
}

/**
 * Runs the scenario on a cluster of nodes A and B; the stopped node is left down. SIGKILL is a
 * crash; SIGTERM a planned restart (the node commits, saves its boards and lets its sessions go).
 */
export async function runFailover(
  cluster: Cluster,
  opts: {
    sessions: number;
    phonesPerSession: number;
    perPhone: number;
    pauseMs: number;
    signal?: 'SIGKILL' | 'SIGTERM';
  },
): Promise<FailoverFigures> {
  const sessions: Array<{ sessionId: string; facilitatorToken: string; phones: RetryingPhone[] }> = [];
  for (let s = 0; s < opts.sessions; s++) {
    const created = await writingSession(cluster, `Cluster ${s}`);
    const phones: RetryingPhone[] = [];
    for (let p = 0; p < opts.phonesPerSession; p++) {
      const joined = await joinThroughProxy(cluster, created.participants.code, `S${s} phone ${p}`);
      phones.push(new RetryingPhone(cluster.url, joined.token, `s${s}p${p}`, { sessionId: created.sessionId }));
    }
    sessions.push({ sessionId: created.sessionId, facilitatorToken: created.facilitatorToken, phones });
  }
  const phones = sessions.flatMap((s) => s.phones);
  await Promise.all(phones.map((p) => p.connected()));
  const before = await sessionsInDb(cluster);
  const owners = sessions.map((s) => before.get(s.sessionId)!.owner);
  // The node holding the most sessions is the one to kill.
  const victim = ['A', 'B'].sort(
    (x, y) => owners.filter((o) => o === y).length - owners.filter((o) => o === x).length,
  )[0]!;
  const moved = sessions.filter((s) => before.get(s.sessionId)!.owner === victim);
  const stayed = sessions.filter((s) => before.get(s.sessionId)!.owner !== victim);

  // A shape on a moving session's board, saved (answered) before the kill.
  const drawn = moved[0]!;
  const board = await connectBoard(await boardUrl(cluster.url, drawn.sessionId, drawn.facilitatorToken, 'tab1'), {
    origin: cluster.url,
  });
  const answered = await board.push({ 'shape:before-kill-1': ['put', stroke(1)] });

  const writing = Promise.all(phones.map((p) => p.write(opts.perPhone, 'working-well', opts.pauseMs)));
  await new Promise((r) => setTimeout(r, 1200));
  await cluster.nodes.get(victim)!.kill(opts.signal ?? 'SIGKILL');
  // From the moment the process is gone: nothing it acknowledged can arrive after this.
  const killedAt = Date.now();
  board.close();
  await writing;

  const servedMs = moved.flatMap((s) =>
    s.phones.map((p) => (p.ackTimes.find((t) => t > killedAt) ?? Infinity) - killedAt),
  );
  const gaps = stayed.flatMap((s) => s.phones.flatMap((p) => p.ackTimes.slice(1).map((t, i) => t - p.ackTimes[i]!)));

  let lost = 0;
  let duplicated = 0;
  let gapFree = true;
  for (const s of sessions) {
    const rows = await cluster.postgres.query<{ seq: number; body: string }>(
      cluster.database,
      'SELECT seq, body FROM commands WHERE session_id = $1 ORDER BY seq',
      [s.sessionId],
    );
    if (rows.some((r, i) => r.seq !== i + 1)) gapFree = false;
    const items = rows
      .map((r) => JSON.parse(r.body) as { type: string; itemId?: string })
      .filter((c) => c.type === 'item.submit')
      .map((c) => c.itemId!);
    for (const p of s.phones)
      for (const d of p.deliveries) {
        const n = items.filter((id) => id === d.itemId).length;
        if (n === 0) lost++;
        if (n > 1) duplicated++;
      }
  }
  const after = await sessionsInDb(cluster);
  const again = await connectBoard(await boardUrl(cluster.url, drawn.sessionId, drawn.facilitatorToken, 'tab2'), {
    origin: cluster.url,
  });
  const boardKept = answered === 'commit' && again.initial['shape:before-kill-1'] !== undefined;
  again.close();
  for (const p of phones) p.close();
  return {
    victim,
    sessions: sessions.length,
    moved: moved.length,
    movedPhones: moved.length * opts.phonesPerSession,
    servedMs,
    largestGapMs: gaps.length > 0 ? Math.max(...gaps) : 0,
    items: phones.length * opts.perPhone,
    lost,
    duplicated,
    gapFree,
    epochsUpByOne: moved.every((s) => after.get(s.sessionId)!.epoch === before.get(s.sessionId)!.epoch + 1),
    ownersChanged: moved.every((s) => after.get(s.sessionId)!.owner !== victim),
    boardKept,
  };
}
