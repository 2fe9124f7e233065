/**
 * The React side of a session connection (connection.ts does the work, without React): one
 * connection per token, started while the component is mounted, its snapshot read with
 * useSyncExternalStore.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { io } from 'socket.io-client';
import type { CommandAck } from '../../../shared/protocol.js';
import { type Command, type ConnectionSnapshot, SessionConnection, type SessionSocket } from './connection.js';

export type { Command, ConnectionState, Refusal } from './connection.js';

export interface LiveSession extends ConnectionSnapshot {
  /** This person's token (for the pack download, which is plain HTTP). */
  token: string | null;
  /** Server time now, from this device's clock and the measured offset. */
  serverNow: () => number;
  send: (command: Command) => Promise<CommandAck>;
  queue: (command: Command) => void;
}

/**
 * The session id rides in the handshake's query (it is no secret; the token stays in `auth`), so
 * a proxy in front of several nodes can send every connection for a session to the same node.
 */
const socketOpener = (sessionId: string) => (token: string) =>
  io({ auth: { token }, query: { session: sessionId }, transports: ['websocket'] }) as unknown as SessionSocket;

export function useSession(sessionId: string, token: string | null): LiveSession {
  const connection = useMemo(
    () =>
      new SessionConnection(token, {
        openSocket: socketOpener(sessionId),
        storage: window.localStorage,
        origin: window.location.origin,
        network: window,
      }),
    [sessionId, token],
  );
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  const snapshot = useSyncExternalStore(connection.subscribe, connection.getSnapshot);
  return {
    ...snapshot,
    token,
    serverNow: connection.serverNow,
    send: connection.send,
    queue: connection.queue,
  };
}
