/**
 * One live connection to a session: the latest view, who you are, the connection's state, the
 * server clock, and `send` for commands. Commands carry a client id and are re-sent with the
 * same id until acknowledged, so a dropped connection never loses or doubles one.
 */
import { nanoid } from 'nanoid';
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientCommandInput } from '../../../shared/commands.js';
import type { SessionView } from '../../../shared/projection.js';
import type { ClientToServerEvents, CommandAck, ServerToClientEvents, Welcome } from '../../../shared/protocol.js';
import { estimateOffset, type ClockSample } from './clock.js';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'refused' | 'gone';
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type Command = DistributiveOmit<ClientCommandInput, 'id'>;

export interface LiveSession {
  view: SessionView | null;
  you: Welcome['you'] | null;
  publicUrl: string;
  connection: ConnectionState;
  /** Server time now, from this device's clock and the measured offset. */
  serverNow: () => number;
  send: (command: Command) => Promise<CommandAck>;
}

const ACK_TIMEOUT_MS = 8000;

export function useSession(token: string | null): LiveSession {
  const [view, setView] = useState<SessionView | null>(null);
  const [you, setYou] = useState<Welcome['you'] | null>(null);
  const [publicUrl, setPublicUrl] = useState(window.location.origin);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const offsetRef = useRef(0);
  const seqRef = useRef(-1);

  useEffect(() => {
    if (!token) {
      setConnection('refused');
      return;
    }
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ auth: { token }, transports: ['websocket'] });
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
    });
    socket.on('disconnect', () => setConnection((c) => (c === 'gone' || c === 'refused' ? c : 'reconnecting')));
    socket.on('connect_error', (err) => {
      setConnection(err.message === 'UNAUTHENTICATED' ? 'refused' : 'reconnecting');
      if (err.message === 'UNAUTHENTICATED') socket.disconnect();
    });
    socket.on('welcome', (msg) => {
      setYou(msg.you);
      setPublicUrl(msg.publicUrl);
    });
    socket.on('view', (msg) => {
      // A full view arrives on every (re)connect, so a reconnect always recovers everything.
      if (msg.seq < seqRef.current) return;
      seqRef.current = msg.seq;
      setView(msg.view);
    });
    socket.on('gone', () => {
      setConnection('gone');
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
  }, [token]);

  const send = useCallback(async (command: Command): Promise<CommandAck> => {
    const withId = { ...command, id: nanoid(16) };
    for (;;) {
      const socket = socketRef.current;
      if (!socket) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'not connected' } };
      if (!socket.connected) {
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        continue;
      }
      try {
        return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('command', withId);
      } catch {
        // No answer: re-send with the same id; the server applies it at most once.
      }
    }
  }, []);

  const serverNow = useCallback(() => Date.now() + offsetRef.current, []);

  return { view, you, publicUrl, connection, serverNow, send };
}
