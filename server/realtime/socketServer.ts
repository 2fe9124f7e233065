/**
 * socket.io: one room per session. A socket is authenticated at the handshake by its personal
 * token and stays bound to that member; every command goes through the hub, and every change
 * sends each member the projection of the new state that their role may see.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { LIMITS } from '../../shared/limits.js';
import { project, viewKey, type SessionView } from '../../shared/projection.js';
import { SocketAuth, type ClientToServerEvents, type ServerToClientEvents, type ViewMessage } from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import type { LiveSession, MemberIdentity, SessionHub } from '../sessions/hub.js';

interface SocketData {
  identity: MemberIdentity;
}

type GroupSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type GroupServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const roomOf = (sessionId: string) => `session:${sessionId}`;

export function attachSocketServer(
  httpServer: HttpServer,
  hub: SessionHub,
  log: Logger,
  options: {
    publicUrl: () => string;
    clock?: () => number;
    isAllowedOrigin: (origin: string | undefined, req: IncomingMessage) => boolean;
    tldrawLicenseKey: string;
  },
): GroupServer {
  const clock = options.clock ?? Date.now;
  const io: GroupServer = new Server(httpServer, {
    maxHttpBufferSize: LIMITS.socketMessageBytes,
    serveClient: false,
    // The board's WebSocket shares this HTTP server: leave upgrades that are not ours alone.
    destroyUpgrade: false,
    // socket.io's cors option does not stop non-browser clients or WebSocket upgrades: check here.
    allowRequest: (req, callback) => callback(null, options.isAllowedOrigin(req.headers.origin, req)),
  });

  io.use((socket, next) => {
    const auth = SocketAuth.safeParse(socket.handshake.auth);
    const identity = auth.success ? hub.authenticate(auth.data.token) : null;
    if (!identity) {
      next(new Error('UNAUTHENTICATED'));
      return;
    }
    socket.data.identity = identity;
    next();
  });

  function viewMessage(live: LiveSession, view: SessionView): ViewMessage {
    return { seq: live.seq, serverNow: clock(), view };
  }

  function sendView(socket: GroupSocket, live: LiveSession): void {
    const { memberId, role } = socket.data.identity;
    socket.emit('view', viewMessage(live, project(live.state, { memberId, role })));
  }

  io.on('connection', (socket: GroupSocket) => {
    const identity = socket.data.identity;
    const live = hub.get(identity.sessionId);
    if (!live) {
      socket.disconnect(true);
      return;
    }
    void socket.join(roomOf(identity.sessionId));
    const me = live.state.members[identity.memberId]!;
    socket.emit('welcome', { sessionId: identity.sessionId, you: { id: me.id, name: me.name, role: me.role }, publicUrl: options.publicUrl(), tldrawLicenseKey: options.tldrawLicenseKey });
    sendView(socket, live);

    socket.on('command', (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return; // every command expects an answer; a bare emit is dropped
      try {
        ack(hub.execute(identity, raw));
      } catch (err) {
        log.error('command.failed', { sessionId: identity.sessionId, error: (err as Error).name });
        ack({ ok: false, error: { code: 'INTERNAL', message: 'the server could not apply this command' } });
      }
    });

    socket.on('time', (ack: unknown) => {
      if (typeof ack === 'function') ack({ serverNow: clock() });
    });
  });

  // Publish: one projection per distinct view, sent to every socket that shares it.
  hub.onChange((sessionId, live) => {
    const sockets = io.sockets.adapter.rooms.get(roomOf(sessionId));
    if (!sockets) return;
    const cache = new Map<string, ViewMessage>();
    for (const socketId of sockets) {
      const socket = io.sockets.sockets.get(socketId);
      if (!socket) continue;
      const viewer = { memberId: socket.data.identity.memberId, role: socket.data.identity.role };
      const key = viewKey(viewer);
      let message = cache.get(key);
      if (!message) {
        message = viewMessage(live, project(live.state, viewer));
        cache.set(key, message);
      }
      socket.emit('view', message);
    }
  });

  hub.onPurge((sessionId) => {
    io.to(roomOf(sessionId)).emit('gone', { reason: 'purged' });
    // After this tick, so the facilitator's acknowledgement goes out before the socket closes.
    setImmediate(() => io.in(roomOf(sessionId)).disconnectSockets(true));
  });

  return io;
}
