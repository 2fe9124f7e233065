/**
 * One live connection to a session, without React (the hook, useSession.ts, is a thin layer over
 * it): the socket's lifecycle, the clock probes, the role view kept in step by seq (patches
 * applied in order, a resync asked for when one does not fit), the member's own items, and two
 * ways to send:
 * - `send` for live controls (next stage, read out, ...): refused at once while offline, because
 *   replaying a stale click later would surprise the room;
 * - `queue` for what a person writes (items and changes to them): kept in the device's outbox and
 *   delivered exactly once when the connection allows, tried again while something is left.
 * Whoever shows it subscribes and reads `snapshot`, a new object on every change.
 */
import { nanoid } from 'nanoid';
import type { ClientCommandInput } from '../../../shared/commands.js';
import { applyRolePatch, type ItemView, mergeOwn, type SessionView } from '../../../shared/projection.js';
import type { CommandAck, ServerToClientEvents, Welcome } from '../../../shared/protocol.js';
import { type ClockSample, estimateOffset } from './clock.js';
import {
  type DeliveryResult,
  flushOutbox,
  type KeyValueStore,
  Outbox,
  type OutboxEntry,
  type QueuedCommand,
} from './outbox.js';
import { outboxKey } from './tokens.js';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'refused' | 'gone' | 'removed';
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type Command = DistributiveOmit<ClientCommandInput, 'id'>;

export interface Refusal {
  command: QueuedCommand;
  message: string;
}

export interface ConnectionSnapshot {
  /** The role's view with this member's own items merged in. */
  view: SessionView | null;
  you: Welcome['you'] | null;
  publicUrl: string;
  tldrawLicenseKey: string;
  connection: ConnectionState;
  /** Written on this device, not yet acknowledged by the server. */
  pending: OutboxEntry[];
  /** The last queued command the server refused (writing had closed, say). */
  refusal: Refusal | null;
}

type Events = ServerToClientEvents & {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (err: Error) => void;
};

/** What the connection uses of a socket.io client socket (tests pass a fake). */
export interface SessionSocket {
  readonly connected: boolean;
  on<E extends keyof Events>(event: E, listener: Events[E]): unknown;
  emit(event: 'resync'): unknown;
  timeout(ms: number): {
    emitWithAck(event: 'command', command: QueuedCommand): Promise<CommandAck>;
    emitWithAck(event: 'time'): Promise<{ serverNow: number }>;
  };
  connect(): unknown;
  disconnect(): unknown;
}

export interface ConnectionOptions {
  /** Opens the socket for this token (socket.io's `io` in the browser). */
  openSocket: (token: string) => SessionSocket;
  storage: KeyValueStore;
  origin: string;
  /** Where the device says it went offline or came back (window in the browser). */
  network?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
  /** How long to wait for an acknowledgement, and before trying a left-over outbox again. */
  ackTimeoutMs?: number;
  retryMs?: number;
}

/** The states a connection does not come back from: purged, a token the server does not know, removed. */
export const ENDED: ReadonlySet<ConnectionState> = new Set(['gone', 'refused', 'removed']);

export class SessionConnection {
  private socket: SessionSocket | null = null;
  private listeners = new Set<() => void>();
  private current: ConnectionSnapshot;
  private roleView: SessionView | null = null;
  private own: ItemView[] = [];
  private seq = -1;
  private ownSeq = -1;
  private offset = 0;
  private flushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly outbox: Outbox;
  private readonly now: () => number;
  private readonly ackTimeoutMs: number;
  private readonly retryMs: number;
  private detachNetwork: (() => void) | null = null;

  constructor(
    readonly token: string | null,
    private readonly options: ConnectionOptions,
  ) {
    this.outbox = new Outbox(options.storage, outboxKey(token ?? ''));
    this.now = options.now ?? Date.now;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 8000;
    this.retryMs = options.retryMs ?? 2000;
    this.current = {
      view: null,
      you: null,
      publicUrl: options.origin,
      tldrawLicenseKey: '',
      connection: token ? 'connecting' : 'refused',
      pending: this.outbox.list(),
      refusal: null,
    };
  }

  get snapshot(): ConnectionSnapshot {
    return this.current;
  }

  /** For React's useSyncExternalStore: called after every change of the snapshot. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ConnectionSnapshot => this.current;

  /** Server time now, from this device's clock and the measured offset. */
  serverNow = (): number => this.now() + this.offset;

  start(): void {
    if (!this.token || this.socket) return;
    const socket = this.options.openSocket(this.token);
    this.socket = socket;
    socket.on('connect', () => {
      this.update({ connection: 'online' });
      void this.measureClock(socket);
      void this.flush();
    });
    socket.on('disconnect', (reason) => {
      if (ENDED.has(this.current.connection)) return;
      this.update({ connection: 'reconnecting' });
      // socket.io retries a dropped connection by itself, but not one the server closed: the server
      // does that when another node takes the session over (or after a flood), so come back shortly.
      if (reason === 'io server disconnect') this.reconnectSoon(socket);
    });
    socket.on('connect_error', (err) => {
      if (ENDED.has(this.current.connection)) return; // purged or removed says more than a refused token
      const refused = err.message === 'UNAUTHENTICATED';
      this.update({ connection: refused ? 'refused' : 'reconnecting' });
      if (refused) socket.disconnect();
      // MOVED: this node is handing the session over; by the next try the proxy's node has it.
      // UNAVAILABLE: the server could not check the token just now (its database restarting).
      else if (err.message === 'MOVED' || err.message === 'UNAVAILABLE') this.reconnectSoon(socket);
    });
    socket.on('welcome', (msg) =>
      this.update({ you: msg.you, publicUrl: msg.publicUrl, tldrawLicenseKey: msg.tldrawLicenseKey }),
    );
    socket.on('view', (msg) => {
      // A whole view arrives on every (re)connect and resync, so a reconnect recovers everything.
      if (msg.seq < this.seq) return;
      this.seq = msg.seq;
      this.setRoleView(msg.view);
    });
    socket.on('patch', (msg) => {
      if (msg.seq <= this.seq && this.roleView) return; // already held
      if (!this.roleView || msg.baseSeq !== this.seq) {
        socket.emit('resync'); // made against a view this client does not hold
        return;
      }
      this.seq = msg.seq;
      this.setRoleView(applyRolePatch(this.roleView, msg.patch));
    });
    socket.on('own', (msg) => {
      if (msg.seq < this.ownSeq) return;
      this.ownSeq = msg.seq;
      this.own = msg.items;
      this.update({ view: this.roleView ? mergeOwn(this.roleView, this.own) : null });
    });
    socket.on('gone', (msg) => {
      // Nothing of the session stays on the screen.
      this.roleView = null;
      this.own = [];
      this.update({ connection: msg.reason === 'removed' ? 'removed' : 'gone', view: null, you: null });
      socket.disconnect();
    });
    // Phones report losing the network at once; socket.io alone would notice only at its next ping.
    const network = this.options.network;
    if (network) {
      const offline = () => socket.disconnect();
      const online = () => {
        if (!ENDED.has(this.current.connection)) socket.connect();
      };
      network.addEventListener('offline', offline);
      network.addEventListener('online', online);
      this.detachNetwork = () => {
        network.removeEventListener('offline', offline);
        network.removeEventListener('online', online);
      };
    }
  }

  /** Connects again after a short pause, unless the session ended meanwhile or the socket is back. */
  private reconnectSoon(socket: SessionSocket): void {
    setTimeout(() => {
      if (this.socket === socket && !socket.connected && !ENDED.has(this.current.connection)) socket.connect();
    }, 1000);
  }

  stop(): void {
    this.detachNetwork?.();
    this.detachNetwork = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.disconnect();
    this.socket = null;
    // A flush still waiting on the old socket must not keep the next one from flushing.
    this.flushing = false;
  }

  /** A live control: sent now, or refused at once while offline. */
  send = async (command: Command): Promise<CommandAck> => {
    const socket = this.socket;
    const withId = { ...command, id: nanoid(16) } as QueuedCommand;
    // Re-sending with the same id is safe: the server applies an id at most once.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!socket?.connected) break;
      try {
        return await socket.timeout(this.ackTimeoutMs).emitWithAck('command', withId);
      } catch {
        // no answer in time: try again while connected
      }
    }
    return { ok: false, error: { code: 'INTERNAL', message: 'You are offline: reconnect and try again.' } };
  };

  /** Something a person wrote: into the outbox, then delivered when it can be. */
  queue = (command: Command): void => {
    this.update({ pending: this.outbox.add({ ...command, id: nanoid(16) } as QueuedCommand) });
    void this.flush();
  };

  private async flush(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.flushing) return;
    this.flushing = true;
    try {
      await flushOutbox(
        this.outbox,
        (command) => this.deliver(socket, command),
        (pending, refusal) => this.update(refusal ? { pending, refusal } : { pending }),
      );
    } finally {
      this.flushing = false;
    }
    // Something was left and we are still connected: not answered in time, or "not yet": try again.
    if (this.outbox.list().length > 0 && socket.connected && this.socket === socket && !this.retryTimer)
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.flush();
      }, this.retryMs);
  }

  private async deliver(socket: SessionSocket, command: QueuedCommand): Promise<DeliveryResult> {
    if (!socket.connected) return { status: 'retry' };
    let ack: CommandAck;
    try {
      ack = await socket.timeout(this.ackTimeoutMs).emitWithAck('command', command);
    } catch {
      return { status: 'retry' };
    }
    if (ack.ok) return { status: 'delivered' };
    // Over the member's budget, or a server whose disk is full, is a "not yet", never a "no".
    if (ack.error.code === 'RATE_LIMITED' || ack.error.code === 'UNAVAILABLE' || ack.error.code === 'MOVED')
      return { status: 'retry' };
    return { status: 'refused', message: ack.error.message };
  }

  private async measureClock(socket: SessionSocket): Promise<void> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < 5 && socket.connected; i++) {
      const sentAt = this.now();
      try {
        const { serverNow } = await socket.timeout(2000).emitWithAck('time');
        samples.push({ sentAt, receivedAt: this.now(), serverNow });
      } catch {
        break;
      }
    }
    if (samples.length) this.offset = estimateOffset(samples);
  }

  private setRoleView(view: SessionView): void {
    this.roleView = view;
    this.update({ view: mergeOwn(view, this.own) });
  }

  private update(change: Partial<ConnectionSnapshot>): void {
    this.current = { ...this.current, ...change };
    for (const listener of this.listeners) listener();
  }
}
