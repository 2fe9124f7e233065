/**
 * One live connection to a session: the latest view, who you are, the connection's state, the
 * server clock, and two ways to send:
 * - `send` for live controls (next stage, read out, ...): refused at once while offline, because
 *   replaying a stale click later would surprise the room;
 * - `queue` for what a person writes (items and changes to them): kept in the device's outbox and
 *   delivered exactly once when the connection allows.
 */
import { nanoid } from 'nanoid';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientCommandInput } from '../../../shared/commands.js';
import { applyRolePatch, type ItemView, mergeOwn, type SessionView } from '../../../shared/projection.js';
import type { ClientToServerEvents, CommandAck, ServerToClientEvents, Welcome } from '../../../shared/protocol.js';
import { type ClockSample, estimateOffset } from './clock.js';
import { type DeliveryResult, flushOutbox, Outbox, type OutboxEntry, type QueuedCommand } from './outbox.js';
import { outboxKey } from './tokens.js';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'refused' | 'gone' | 'removed';
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type Command = DistributiveOmit<ClientCommandInput, 'id'>;

export interface Refusal {
  command: QueuedCommand;
  message: string;
}

export interface LiveSession {
  /** This person's token (for the pack download, which is plain HTTP). */
  token: string | null;
  view: SessionView | null;
  you: Welcome['you'] | null;
  publicUrl: string;
  tldrawLicenseKey: string;
  connection: ConnectionState;
  /** Server time now, from this device's clock and the measured offset. */
  serverNow: () => number;
  send: (command: Command) => Promise<CommandAck>;
  queue: (command: Command) => void;
  /** Written on this device, not yet acknowledged by the server. */
  pending: OutboxEntry[];
  /** The last queued command the server refused (writing had closed, say). */
  refusal: Refusal | null;
}

const ACK_TIMEOUT_MS = 8000;
type GroupSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function useSession(token: string | null): LiveSession {
  const [roleView, setRoleView] = useState<SessionView | null>(null);
  const [own, setOwn] = useState<ItemView[]>([]);
  const view = useMemo(() => (roleView ? mergeOwn(roleView, own) : null), [roleView, own]);
  const [you, setYou] = useState<Welcome['you'] | null>(null);
  const [publicUrl, setPublicUrl] = useState(window.location.origin);
  const [tldrawLicenseKey, setTldrawLicenseKey] = useState('');
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const outbox = useMemo(() => new Outbox(window.localStorage, outboxKey(token ?? '')), [token]);
  const [pending, setPending] = useState<OutboxEntry[]>(() => outbox.list());
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const socketRef = useRef<GroupSocket | null>(null);
  const offsetRef = useRef(0);
  const seqRef = useRef(-1);
  const roleViewRef = useRef<SessionView | null>(null);
  const ownSeqRef = useRef(-1);
  const flushingRef = useRef(false);

  const flush = useCallback(async () => {
    const socket = socketRef.current;
    if (!socket || flushingRef.current) return;
    flushingRef.current = true;
    try {
      await flushOutbox(
        outbox,
        (command) => deliver(socket, command),
        (entries, refused) => {
          setPending(entries);
          if (refused) setRefusal(refused);
        },
      );
    } finally {
      flushingRef.current = false;
    }
    // Something was left and we are still connected: the server did not answer in time; try again.
    if (outbox.list().length > 0 && socket.connected) setTimeout(() => void flush(), 2000);
  }, [outbox]);

  useEffect(() => {
    if (!token) {
      setConnection('refused');
      return;
    }
    const socket: GroupSocket = io({ auth: { token }, transports: ['websocket'] });
    socketRef.current = socket;

    async function measureClock() {
      const samples: ClockSample[] = [];
      for (let i = 0; i < 5 && socket.connected; i++) {
        const sentAt = Date.now();
        try {
          const { serverNow } = await socket.timeout(2000).emitWithAck('time');
          samples.push({ sentAt, receivedAt: Date.now(), serverNow });
        } catch {
          break;
        }
      }
      if (samples.length) offsetRef.current = estimateOffset(samples);
    }

    socket.on('connect', () => {
      setConnection('online');
      void measureClock();
      void flush();
    });
    socket.on('disconnect', () =>
      setConnection((c) => (c === 'gone' || c === 'refused' || c === 'removed' ? c : 'reconnecting')),
    );
    socket.on('connect_error', (err) => {
      setConnection(err.message === 'UNAUTHENTICATED' ? 'refused' : 'reconnecting');
      if (err.message === 'UNAUTHENTICATED') socket.disconnect();
    });
    socket.on('welcome', (msg) => {
      setYou(msg.you);
      setPublicUrl(msg.publicUrl);
      setTldrawLicenseKey(msg.tldrawLicenseKey);
    });
    socket.on('view', (msg) => {
      // A full view arrives on every (re)connect, so a reconnect always recovers everything.
      if (msg.seq < seqRef.current) return;
      seqRef.current = msg.seq;
      roleViewRef.current = msg.view;
      setRoleView(msg.view);
    });
    socket.on('patch', (msg) => {
      const current = roleViewRef.current;
      if (msg.seq <= seqRef.current && current) return;
      if (!current || msg.baseSeq !== seqRef.current) {
        socket.emit('resync'); // made against a view this client does not hold
        return;
      }
      seqRef.current = msg.seq;
      roleViewRef.current = applyRolePatch(current, msg.patch);
      setRoleView(roleViewRef.current);
    });
    socket.on('own', (msg) => {
      if (msg.seq < ownSeqRef.current) return;
      ownSeqRef.current = msg.seq;
      setOwn(msg.items);
    });
    socket.on('gone', (msg) => {
      setConnection(msg.reason === 'removed' ? 'removed' : 'gone');
      socket.disconnect();
    });
    // Phones report losing the network at once; socket.io alone would notice only at its next ping.
    const offline = () => socket.disconnect();
    const online = () => socket.connect();
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      socket.disconnect();
    };
  }, [token, flush]);

  const send = useCallback(async (command: Command): Promise<CommandAck> => {
    const socket = socketRef.current;
    const withId = { ...command, id: nanoid(16) };
    // Re-sending with the same id is safe: the server applies an id at most once.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!socket?.connected) break;
      try {
        return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('command', withId);
      } catch {
        // no answer in time: try again while connected
      }
    }
    return { ok: false, error: { code: 'INTERNAL', message: 'You are offline: reconnect and try again.' } };
  }, []);

  const queue = useCallback(
    (command: Command) => {
      setPending(outbox.add({ ...command, id: nanoid(16) } as QueuedCommand));
      void flush();
    },
    [outbox, flush],
  );

  const serverNow = useCallback(() => Date.now() + offsetRef.current, []);

  return { token, view, you, publicUrl, tldrawLicenseKey, connection, serverNow, send, queue, pending, refusal };
}

async function deliver(socket: GroupSocket, command: QueuedCommand): Promise<DeliveryResult> {
  if (!socket.connected) return { status: 'retry' };
  let ack: CommandAck;
  try {
    ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('command', command);
  } catch {
    return { status: 'retry' };
  }
  if (ack.ok) return { status: 'delivered' };
  // Over the member's budget, or a server whose disk is full, is a "not yet", never a "no": the
  // outbox keeps it and tries again.
  if (ack.error.code === 'RATE_LIMITED' || ack.error.code === 'UNAVAILABLE') return { status: 'retry' };
  return { status: 'refused', message: ack.error.message };
}
