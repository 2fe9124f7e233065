/**
 * The client's session connection without a browser or a server: a fake socket plays the server,
 * with views and patches made by the server's own publisher (diffRole) from machine states, so
 * the seq, resync and outbox rules are checked against what the server really sends.
 */
import { describe, expect, it, vi } from 'vitest';
import { SessionConnection, type SessionSocket } from '../../client/src/session/connection.js';
import type { KeyValueStore, QueuedCommand } from '../../client/src/session/outbox.js';
import { diffRole, type RoleViewCache } from '../../server/realtime/publisher.js';
import { projectOwn, projectRole } from '../../shared/projection.js';
import type { CommandAck } from '../../shared/protocol.js';
import { Sim } from '../helpers/sim.js';

const F = 'fac-0001';
const P1 = 'p1-00001';

function memoryStore(): KeyValueStore {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

/** Plays the server's side of one socket. */
class FakeSocket implements SessionSocket {
  connected = false;
  emitted: string[] = [];
  commands: QueuedCommand[] = [];
  /** How the server answers each command, in turn; then "ok". */
  answers: CommandAck[] = [];
  private handlers = new Map<string, Array<(...args: unknown[]) => void>>();

  on(event: string, listener: (...args: never[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener as (...args: unknown[]) => void]);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  emit(event: 'resync') {
    this.emitted.push(event);
    return this;
  }
  timeout() {
    const emitWithAck = (event: string, command?: QueuedCommand) => {
      if (event === 'time') return Promise.resolve({ serverNow: 0 });
      this.commands.push(command!);
      return Promise.resolve(this.answers.shift() ?? { ok: true, seq: this.commands.length, duplicate: false });
    };
    return { emitWithAck } as unknown as ReturnType<SessionSocket['timeout']>;
  }
  connect() {
    this.connects++;
    this.connected = true;
    this.fire('connect');
    return this;
  }
  disconnect() {
    this.connected = false;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }
  connects = 0;
}

function connected(role: 'facilitator' | 'participant' = 'participant') {
  const socket = new FakeSocket();
  const connection = new SessionConnection('token-0123456789abcdefghij', {
    openSocket: () => socket,
    storage: memoryStore(),
    origin: 'http://localhost',
    retryMs: 5,
  });
  connection.start();
  socket.connect();
  const sim = Sim.room().goTo('working-well');
  let cache: RoleViewCache | undefined;
  let seq = 0;
  /** The server's whole view now, as sent on connect. */
  const sendView = () => {
    seq++;
    cache = diffRole(sim.state, role, undefined, seq).cache;
    socket.fire('view', { seq, serverNow: 0, view: projectRole(sim.state, role) });
  };
  /** A change, and the patch the server makes of it (not sent: the test decides). */
  const change = (memberId: string, command: Parameters<Sim['do']>[1]) => {
    sim.do(memberId, command);
    const baseSeq = seq;
    seq++;
    const made = diffRole(sim.state, role, cache, seq);
    cache = made.cache;
    return { seq, baseSeq, serverNow: 0, patch: made.patch };
  };
  return { socket, connection, sim, sendView, change };
}

const ids = (c: SessionConnection) => c.snapshot.view?.items.map((i) => i.id).sort();

describe('the session connection: views kept in step by seq', () => {
  it('applies patches in order on top of the view, to exactly what the server would send whole', () => {
    const { socket, connection, sim, sendView, change } = connected('facilitator');
    sendView();
    socket.fire('patch', change(P1, { type: 'item.submit', itemId: 'conn-0001', stageId: 'working-well', text: 'Q1' }));
    socket.fire('patch', change(P1, { type: 'item.submit', itemId: 'conn-0002', stageId: 'working-well', text: 'Q2' }));
    socket.fire('patch', change(F, { type: 'step.advance' }));
    expect(ids(connection)).toEqual(['conn-0001', 'conn-0002']);
    expect(connection.snapshot.view!.step).toBe(projectRole(sim.state, 'facilitator').step);
    expect(socket.emitted).toEqual([]);
  });

  it('asks for a resync when a patch was made against a view it does not hold, and a whole view puts it right', () => {
    const { socket, connection, sendView, change } = connected('facilitator');
    sendView();
    change(P1, { type: 'item.submit', itemId: 'conn-0001', stageId: 'working-well', text: 'Q1' }); // lost
    const next = change(P1, { type: 'item.submit', itemId: 'conn-0002', stageId: 'working-well', text: 'Q2' });
    socket.fire('patch', next);
    expect(socket.emitted).toEqual(['resync']);
    expect(ids(connection)).toEqual([]); // nothing applied out of order
    sendView();
    expect(ids(connection)).toEqual(['conn-0001', 'conn-0002']);
  });

  it('ignores a view older than the one it holds, and a patch it already has', () => {
    const { socket, connection, sendView, change } = connected('facilitator');
    sendView();
    const first = change(P1, { type: 'item.submit', itemId: 'conn-0001', stageId: 'working-well', text: 'Q1' });
    socket.fire('patch', first);
    socket.fire('patch', first); // delivered twice
    socket.fire('view', { seq: 0, serverNow: 0, view: { ...connection.snapshot.view!, items: [] } }); // stale
    expect(ids(connection)).toEqual(['conn-0001']);
    expect(socket.emitted).toEqual([]);
  });

  it('merges the member’s own items, and ignores an older list of them', () => {
    const { socket, connection, sim, sendView } = connected('participant');
    sendView();
    sim.do(P1, { type: 'item.submit', itemId: 'mine-0001', stageId: 'working-well', text: 'Mine' });
    socket.fire('own', { seq: 5, items: projectOwn(sim.state, { memberId: P1, role: 'participant' }) });
    socket.fire('own', { seq: 4, items: [] });
    expect(ids(connection)).toEqual(['mine-0001']);
    expect(connection.snapshot.view!.items[0]!.mine).toBe(true);
  });
});

describe('the session connection: its state', () => {
  it('says removed when the facilitator takes the member out, drops the view, and keeps saying it', () => {
    const { socket, connection, sendView } = connected();
    sendView();
    socket.fire('gone', { reason: 'removed' });
    expect(connection.snapshot).toMatchObject({ connection: 'removed', view: null, you: null });
    expect(socket.connected).toBe(false);
    // The revoked token is refused if anything reconnects: the screen still says removed.
    socket.fire('connect_error', new Error('UNAUTHENTICATED'));
    expect(connection.snapshot.connection).toBe('removed');
  });

  it('says refused for a token the server does not know, reconnecting for anything else', () => {
    const { socket, connection } = connected();
    socket.disconnect();
    expect(connection.snapshot.connection).toBe('reconnecting');
    socket.fire('connect_error', new Error('RATE_LIMITED'));
    expect(connection.snapshot.connection).toBe('reconnecting');
    socket.fire('connect_error', new Error('UNAUTHENTICATED'));
    expect(connection.snapshot.connection).toBe('refused');
  });

  it('comes back by itself when its node hands the session over (closed by the server, or refused MOVED)', () => {
    vi.useFakeTimers();
    try {
      const { socket, connection } = connected();
      const before = socket.connects;
      // The server closed the connection (no "gone" first): another node serves the session now.
      socket.connected = false;
      socket.fire('disconnect', 'io server disconnect');
      expect(connection.snapshot.connection).toBe('reconnecting');
      socket.fire('connect_error', new Error('MOVED'));
      vi.advanceTimersByTime(1000);
      expect(socket.connects).toBe(before + 1);
      expect(connection.snapshot.connection).toBe('online');
      // Purged: gone, and never back.
      socket.fire('gone', { reason: 'purged' });
      socket.connected = false;
      socket.fire('disconnect', 'io server disconnect');
      vi.advanceTimersByTime(5000);
      expect(socket.connects).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells subscribers of every change with a new snapshot', () => {
    const { socket, connection, sendView } = connected();
    const seen: unknown[] = [];
    const unsubscribe = connection.subscribe(() => seen.push(connection.getSnapshot()));
    sendView();
    socket.fire('welcome', {
      sessionId: 's',
      you: { id: P1, name: 'P1', role: 'participant' },
      publicUrl: 'x',
      tldrawLicenseKey: '',
    });
    unsubscribe();
    socket.disconnect();
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
  });
});

describe('the session connection: sending', () => {
  it('queues what a person writes, keeps it through "not yet" answers, and delivers it once', async () => {
    const { socket, connection } = connected();
    socket.answers = [
      { ok: false, error: { code: 'RATE_LIMITED', message: 'wait' } },
      { ok: false, error: { code: 'UNAVAILABLE', message: 'disk full' } },
      { ok: false, error: { code: 'MOVED', message: 'moving to another node' } },
    ];
    connection.queue({ type: 'item.submit', itemId: 'queued-001', stageId: 'working-well', text: 'Q' });
    expect(connection.snapshot.pending).toHaveLength(1);
    await expect.poll(() => connection.snapshot.pending).toEqual([]);
    expect(socket.commands.map((c) => c.id)).toEqual(Array(4).fill(socket.commands[0]!.id));
    expect(connection.snapshot.refusal).toBeNull();
  });

  it('reports a queued command the server refuses, and drops it', async () => {
    const { socket, connection } = connected();
    socket.answers = [{ ok: false, error: { code: 'CLOSED', message: 'Writing has closed.' } }];
    connection.queue({ type: 'item.submit', itemId: 'queued-002', stageId: 'working-well', text: 'Late' });
    await expect.poll(() => connection.snapshot.refusal?.message).toBe('Writing has closed.');
    expect(connection.snapshot.pending).toEqual([]);
  });

  it('refuses a live control at once while offline, and keeps a queued item for later', async () => {
    const { socket, connection } = connected();
    socket.disconnect();
    expect(await connection.send({ type: 'step.advance' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    connection.queue({ type: 'item.submit', itemId: 'queued-003', stageId: 'working-well', text: 'Offline' });
    expect(socket.commands).toEqual([]);
    socket.connect();
    await expect.poll(() => connection.snapshot.pending).toEqual([]);
    expect(socket.commands.map((c) => c.type)).toEqual(['item.submit']);
  });
});
