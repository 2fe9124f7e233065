import http from 'node:http';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { Budgets, DEFAULT_BUDGETS } from '../../server/realtime/budgets.js';
import { FailureLimiter } from '../../server/security/rateLimit.js';
import { COMMAND_TYPES } from '../../shared/commands.js';
import { PERMISSIONS } from '../../shared/permissions.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { createSession, inviteSecret, join, postJson, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer, tempDataDir, whereStored } from '../helpers/server.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const t = await startTestServer(opts);
  cleanups.push(() => t.stop());
  return t;
}

function client(t: TestServer, token: string): TestClient {
  const c = new TestClient(t.url, token);
  cleanups.push(() => c.close());
  return c;
}

/** A small seeded generator, so a failing fuzz case can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function fuzzCases(count: number, random: () => number): unknown[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const weird: unknown[] = [
    null,
    undefined,
    0,
    -1,
    1e308,
    NaN,
    true,
    '',
    ' ',
    'x'.repeat(5000),
    [],
    {},
    [1, 2],
    { a: 1 },
    '\u0000',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text on purpose
    '${7*7}',
    '__proto__',
  ];
  const types = [
    ...COMMAND_TYPES,
    'member.join',
    'item.explode',
    '',
    'constructor',
    '__proto__',
    'toString',
    'stage.advance ',
    'STAGE.ADVANCE',
  ];
  const fields = [
    'id',
    'type',
    'itemId',
    'stageId',
    'text',
    'element',
    'strongest',
    'read',
    'chosen',
    'ratingId',
    'scale',
    'value',
    'keyPlayer',
    'noteId',
    'scope',
    'minutes',
    'on',
    'locked',
    'memberId',
    'role',
    'name',
  ];
  const cases: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 8;
    if (kind === 0) cases.push(pick(weird));
    else if (kind === 1)
      cases.push(JSON.parse(`{"type":"stage.advance","id":"fuzz-${i}-abcd","__proto__":{"polluted":"yes"}}`));
    else if (kind === 2)
      cases.push({ type: pick(types), id: `fuzz-${i}-abcd`, constructor: { prototype: { polluted: 'yes' } } });
    else if (kind === 3) {
      // wrong-typed fields on a real command type
      const c: Record<string, unknown> = { type: pick(COMMAND_TYPES), id: `fuzz-${i}-abcd` };
      for (let f = 0; f < 3; f++) c[pick(fields)] = pick(weird);
      cases.push(c);
    } else if (kind === 4) cases.push({ type: pick(COMMAND_TYPES), id: pick(weird) });
    else if (kind === 5)
      cases.push({
        type: 'item.submit',
        id: `fuzz-${i}-abcd`,
        itemId: `fz-${i}-item`,
        stageId: 'working-well',
        text: 'x'.repeat(1001 + Math.floor(random() * 20000)),
      });
    else if (kind === 6) {
      // well-formed but out of order for this session (nothing here may change the state)
      cases.push(
        pick([
          { type: 'step.back', id: `fuzz-${i}-abcd` },
          { type: 'stage.back', id: `fuzz-${i}-abcd` },
          { type: 'timer.resume', id: `fuzz-${i}-abcd` },
          { type: 'item.readOut', id: `fuzz-${i}-abcd`, itemId: `missing-${i}-x` },
          { type: 'item.choose', id: `fuzz-${i}-abcd`, itemId: `missing-${i}-x`, chosen: true },
          {
            type: 'item.submit',
            id: `fuzz-${i}-abcd`,
            itemId: `fz-${i}-item`,
            stageId: 'danger',
            text: 'not reached yet',
          },
          { type: 'item.edit', id: `fuzz-${i}-abcd`, itemId: `missing-${i}-x`, text: 'edit nothing' },
          { type: 'stage.handOver', id: `fuzz-${i}-abcd` },
          { type: 'exactWords.remove', id: `fuzz-${i}-abcd`, noteId: 'x' },
        ]),
      );
    } else
      cases.push({ type: pick(types), id: `fuzz-${i}-abcd`, [pick(fields)]: pick(weird), [`${pick(fields)}x`]: 1 });
  }
  return cases;
}

describe('fuzz', () => {
  it('10,000 bad events: the server stays up, refuses each with a clear error, changes nothing, broadcasts nothing', async () => {
    // Validation is what this measures: a budget that never runs out (budgets.test.ts tests the budgets).
    const t = await server({ budgets: new Budgets({ ...DEFAULT_BUDGETS, leadCommandsPerMinute: 1_000_000 }) });
    const s = await createSession(t.url);
    const screen = await join(t.url, { invite: inviteSecret(s, 'screen'), name: 'Screen' });
    const F = client(t, s.facilitatorToken);
    const watcher = client(t, screen.token);
    await Promise.all([F.connected(), watcher.connected()]);
    const before = JSON.stringify(t.server.hub.get(s.sessionId)!.state);
    const seqBefore = t.server.hub.get(s.sessionId)!.seq;
    const viewsBefore = watcher.views.length;

    const cases = fuzzCases(10_000, rng(20261122));
    let refused = 0;
    const codes = new Map<string, number>();
    for (let i = 0; i < cases.length; i += 200) {
      const batch = cases.slice(i, i + 200);
      const acks = await Promise.all(batch.map((c) => F.socket.timeout(10_000).emitWithAck('command', c)));
      for (const ack of acks) {
        expect(ack.ok, `${JSON.stringify(batch[acks.indexOf(ack)])?.slice(0, 200)} -> ${JSON.stringify(ack)}`).toBe(
          false,
        );
        if (!ack.ok) {
          expect(ack.error.message.length).toBeGreaterThan(5);
          codes.set(ack.error.code, (codes.get(ack.error.code) ?? 0) + 1);
          refused++;
        }
      }
    }
    // Events with no acknowledgement, unknown event names and junk arguments are ignored, not fatal.
    (F.socket as unknown as { emit: (...a: unknown[]) => void }).emit('command', {
      type: 'stage.advance',
      id: 'no-ack-00001',
    });
    (F.socket as unknown as { emit: (...a: unknown[]) => void }).emit('launch', 'x');
    (F.socket as unknown as { emit: (...a: unknown[]) => void }).emit('time', 'not a function');
    await new Promise((r) => setTimeout(r, 200));

    expect(refused).toBe(10_000);
    expect(JSON.stringify(t.server.hub.get(s.sessionId)!.state)).toBe(before);
    expect(t.server.hub.get(s.sessionId)!.seq).toBe(seqBefore);
    expect(watcher.views.length).toBe(viewsBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    console.info(`fuzz: ${refused} events refused: ${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }, 120_000);

  it('a message over the 64 KB cap closes that connection only; the server stays up', async () => {
    const t = await server();
    const s = await createSession(t.url);
    const F = client(t, s.facilitatorToken);
    await F.connected();
    const closed = new Promise<string>((resolve) => F.socket.once('disconnect', (reason) => resolve(reason)));
    F.socket.emit('command', { type: 'goal.set', id: 'huge-command', text: 'x'.repeat(200_000) }, () => {});
    expect(await closed).toMatch(/transport (close|error)/);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(t.server.hub.get(s.sessionId)!.state.workerGoal).toBe('');
  });
});

/** A command of every type, well-formed, for sending from every role. */
function sample(type: string): Record<string, unknown> {
  const base: Record<string, Record<string, unknown>> = {
    'timer.extend': { scope: 'stage', minutes: 1 },
    'goal.set': { text: 'goal' },
    'exactWords.add': { noteId: 'note-00001', text: 'words' },
    'exactWords.remove': { noteId: 'note-00001' },
    'exactWords.handIn': { noteId: 'note-00003', text: 'words' },
    'safetyScale.set': { question: 'q', ten: 'ten', zero: 'zero' },
    'review.set': { enough: true },
    'map.place': { placementId: 'place-0001', part: 'harm', source: { kind: 'item', itemId: 'item-00001' } },
    'map.remove': { placementId: 'place-0001' },
    'session.setWordsAndPictures': { stageId: 'danger', on: true },
    'item.submit': { itemId: 'item-00001', stageId: 'introductions', text: 'q' },
    'item.edit': { itemId: 'item-00001', text: 'q' },
    'item.withdraw': { itemId: 'item-00001' },
    'item.markStrongest': { itemId: 'item-00001', strongest: true },
    'item.readOut': { itemId: 'item-00001' },
    'item.choose': { itemId: 'item-00001', chosen: true },
    'rating.record': { ratingId: 'rating-0001', scale: 'usefulness', value: 5 },
    'advisorNote.send': { noteId: 'note-00002', text: 'n' },
    'advisorNote.seen': { noteId: 'note-00002' },
    'stage.goTo': { stageId: 'harm' },
    'projector.setBoard': { mode: 'whole' },
    'session.setAttribution': { on: true },
    'session.setAdvisorEditing': { on: true },
    'session.lock': { locked: true },
    'member.remove': { memberId: 'member-00001' },
    'record.setDetails': { caseReference: 'CASE-1' },
    'action.set': { actionId: 'action-0001', text: 'Call', owner: 'Sam', due: '2026-12-01' },
    'action.remove': { actionId: 'action-0001' },
    'decision.set': { decisionId: 'decision-01', decision: 'd', rationale: 'r' },
    'decision.remove': { decisionId: 'decision-01' },
    'record.agree': { name: 'Name' },
    'record.addition': { additionId: 'addition-01', text: 'later' },
    'retention.extend': { days: 7 },
  };
  return { type, ...(base[type] ?? {}) };
}

describe('authorization on the live server', () => {
  it('every command from every role that must not send it is refused, and changes nothing', async () => {
    const t = await server();
    const s = await createSession(t.url);
    const tokens: Record<Role, string> = {
      facilitator: s.facilitatorToken,
      advisor: (await join(t.url, { invite: inviteSecret(s, 'advisor'), name: 'A' })).token,
      caseworker: (await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'C' })).token,
      screen: (await join(t.url, { invite: inviteSecret(s, 'screen'), name: 'S' })).token,
      participant: (await join(t.url, { code: s.participants.code, name: 'P' })).token,
    };
    const clients = Object.fromEntries(ROLES.map((r) => [r, client(t, tokens[r])])) as Record<Role, TestClient>;
    await Promise.all(Object.values(clients).map((c) => c.connected()));
    const seq = t.server.hub.get(s.sessionId)!.seq;
    let refused = 0;
    for (const role of ROLES) {
      for (const type of COMMAND_TYPES) {
        // In introductions nobody but the facilitator leads, so 'lead' grants are refused too.
        if (PERMISSIONS[type][role] === 'allow') continue;
        const ack = await clients[role].send(sample(type));
        expect(ack, `${role} ${type}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        refused++;
      }
    }
    expect(t.server.hub.get(s.sessionId)!.seq).toBe(seq);
    expect(refused).toBeGreaterThan(80);
    console.info(`authorization: ${refused} role x command pairs refused on the live server`);
  });
});

describe('join codes', () => {
  function joinFrom(t: TestServer, localAddress: string, code: string) {
    return new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ code, name: 'Guess' });
      const req = http.request(
        {
          host: '127.0.0.1',
          port: t.port,
          path: '/api/join',
          method: 'POST',
          localAddress,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('guessing is limited per address: after 30 wrong codes even the right one waits', async () => {
    const t = await server();
    const s = await createSession(t.url);
    for (let i = 0; i < 30; i++) expect(await joinFrom(t, '127.0.0.1', 'AAAAAA')).toBe(404);
    expect(await joinFrom(t, '127.0.0.1', s.participants.code)).toBe(429);
    const res = await postJson<{ error: { code: string; message: string } }>(`${t.url}/api/join`, {
      code: 'AAAAAA',
      name: 'x',
    });
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(/try again in \d+ seconds/);
  });

  it('there is no global bucket: wrong codes from many addresses lock out only those addresses', async () => {
    const t = await server({
      joinLimiter: new FailureLimiter({ perAddress: 3, windowMs: 60_000, maxBlockMs: 600_000 }),
    });
    const s = await createSession(t.url);
    // Twenty addresses (as rotating proxies would give) each spend their wrong guesses: 60 in all.
    for (let a = 2; a < 22; a++)
      for (let i = 0; i < 3; i++) expect(await joinFrom(t, `127.0.0.${a}`, 'AAAAAA')).toBe(404);
    expect(await joinFrom(t, '127.0.0.2', s.participants.code)).toBe(429);
    // Everyone else, the room's phones and invitation links included, still joins.
    expect(await joinFrom(t, '127.0.0.40', s.participants.code)).toBe(201);
  });

  it('the window passes and joining works again; coming back to it doubles the wait', () => {
    let now = 0;
    const limiter = new FailureLimiter({ perAddress: 2, windowMs: 60_000, maxBlockMs: 240_000 }, () => now);
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    expect(limiter.blocked('a')).toBe(60);
    expect(limiter.blocked('b')).toBeNull();
    now = 60_000;
    expect(limiter.blocked('a')).toBeNull();
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    expect(limiter.blocked('a')).toBe(120);
    now += 120_000;
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    expect(limiter.blocked('a')).toBe(240);
    now += 240_000;
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    expect(limiter.blocked('a')).toBe(240); // capped
    // An address that behaves for the longest wait starts again from one window.
    now += 240_000 + 240_001;
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    expect(limiter.blocked('a')).toBe(60);
  });
});

describe('retention and the audit trail', () => {
  it('REC-7: a session is purged 14 days after it ends, with its board; nothing of it stays in the store files', async () => {
    let now = Date.now();
    const t = await server({ clock: () => now });
    const s = await createSession(t.url);
    const cw = await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'C' });
    const F = client(t, s.facilitatorToken);
    await F.connected();
    await F.ok({ type: 'goal.set', text: 'RETENTION-MARKER goal' });
    await F.ok({ type: 'exactWords.add', noteId: 'retain-note-1', text: 'RETENTION-MARKER words' });
    await F.ok({ type: 'session.setAdvisorEditing', on: true });
    // The board, opened by nobody, is loaded for the exact words, saved, and let go.
    await expect
      .poll(async () => JSON.stringify(await t.server.store.boards.load(s.sessionId)))
      .toContain('RETENTION-MARKER');
    await F.ok({ type: 'session.end' });
    const packRes = await fetch(`${t.url}/api/sessions/${s.sessionId}/pack.md`, {
      headers: { authorization: `Bearer ${cw.token}` },
    });
    expect(packRes.status).toBe(200);

    // REC-7: kept 14 days (the default) after the end, then purged.
    now += 14 * 86_400_000 - 60_000;
    expect(await t.server.hub.purgeExpired()).toBe(0);
    now += 2 * 60_000;
    expect(await t.server.hub.purgeExpired()).toBe(1);
    expect(t.server.hub.get(s.sessionId)).toBeUndefined();
    expect(await whereStored(t, 'RETENTION-MARKER')).toEqual([]);

    const audit = await t.server.store.audit(s.sessionId);
    expect(audit.map((a) => [a.event, a.role, a.detail])).toEqual([
      ['session.created', 'facilitator', null],
      ['member.joined', 'caseworker', null],
      ['session.setAdvisorEditing', 'facilitator', 'on'],
      ['session.end', 'facilitator', null],
      ['pack.exported', 'caseworker', 'md'],
      ['session.purged', null, 'retention'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('RETENTION-MARKER');
  });

  it('REC-7: a session nobody has opened since a restart is purged on time too', async () => {
    let now = Date.now();
    const dataDir = tempDataDir();
    const first = await server({ dataDir, clock: () => now });
    const s = await createSession(first.url);
    const F = client(first, s.facilitatorToken);
    await F.connected();
    await F.ok({ type: 'goal.set', text: 'UNOPENED-MARKER goal' });
    await F.ok({ type: 'session.end' });
    F.close();
    await first.stop();
    // A new process (with PostgreSQL: a node that has never held the session).
    const again = await server({ dataDir, clock: () => now });
    now += 14 * 86_400_000 - 60_000;
    expect(await again.server.hub.purgeExpired()).toBe(0);
    now += 2 * 60_000;
    expect(await again.server.hub.purgeExpired()).toBe(1);
    expect(await whereStored(again, 'UNOPENED-MARKER')).toEqual([]);
    expect((await postJson(`${again.url}/api/join`, { code: s.participants.code, name: 'Late' })).status).toBe(410);
  });

  it('a socket of a purged session is refused at once', async () => {
    const t = await server();
    const s = await createSession(t.url);
    const F = client(t, s.facilitatorToken);
    await F.connected();
    await F.ok({ type: 'session.purge' });
    const refused = await new Promise<string>((resolve) => {
      const socket = io(t.url, { auth: { token: s.facilitatorToken }, transports: ['websocket'], reconnection: false });
      socket.on('connect', () => resolve('connected'));
      socket.on('connect_error', (e) => resolve(e.message));
    });
    expect(refused).toBe('UNAUTHENTICATED');
  });
});
