/**
 * socket.io: the transport. A socket is authenticated at the handshake by its personal token and
 * stays bound to that member, in its session's rooms; every command goes through the hub within
 * the member's budget, and what each member is sent of a change is the publisher's (publisher.ts).
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { LIMITS } from '../../shared/limits.js';
import { type ClientToServerEvents, type ServerToClientEvents, SocketAuth } from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import type { MemberIdentity, SessionHub } from '../sessions/hub.js';
import { Budgets, type Spend } from './budgets.js';
import { memberRoomOf, Publisher, roleRoomOf, roomOf } from './publisher.js';

interface SocketData {
  identity: MemberIdentity;
}

export type GroupSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type GroupServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export function attachSocketServer(
  httpServer: HttpServer,
  hub: SessionHub,
  log: Logger,
  options: {
    publicUrl: () => string;
    clock?: () => number;
    isAllowedOrigin: (origin: string | undefined, req: IncomingMessage) => boolean;
    tldrawLicenseKey: string;
    budgets?: Budgets;
  },
): GroupServer {
  const clock = options.clock ?? Date.now;
  const budgets = options.budgets ?? new Budgets();
  const io: GroupServer = new Server(httpServer, {
    maxHttpBufferSize: LIMITS.socketMessageBytes,
    serveClient: false,
    // The board's WebSocket shares this HTTP server: leave upgrades that are not ours alone.
    destroyUpgrade: false,
    // socket.io's cors option does not stop non-browser clients or WebSocket upgrades: check here.
    allowRequest: (req, callback) => callback(null, options.isAllowedOrigin(req.headers.origin, req)),
  });

  const publisher = new Publisher(io, clock);

  io.use(async (socket, next) => {
    const auth = SocketAuth.safeParse(socket.handshake.auth);
    // A store that cannot answer just now (a database restarting) is not a wrong token: try again.
    const identity = auth.success
      ? await hub.access.authenticate(auth.data.token).catch(() => 'unavailable' as const)
      : null;
    if (identity === 'unavailable') {
      next(new Error('UNAVAILABLE'));
      return;
    }
    if (!identity || identity === 'elsewhere') {
      // MOVED: another node serves the session; the client tries again and the proxy sends it there.
      next(new Error(identity === 'elsewhere' ? 'MOVED' : 'UNAUTHENTICATED'));
      return;
    }
    socket.data.identity = identity;
    // A member disconnected for flooding stays out for a while; their client keeps retrying.
    next(budgets.keptOut(identity.memberId) ? new Error('RATE_LIMITED') : undefined);
  });

  /** Over budget: refused with a reason, and past the strikes, disconnected. */
  function overBudget(socket: GroupSocket, spend: Spend): boolean {
    if (spend === 'ok') return false;
    if (spend === 'disconnect') {
      const { sessionId, memberId, role } = socket.data.identity;
      log.warn('socket.flooding', { sessionId, memberId, role });
      socket.disconnect(true);
    }
    return true;
  }

  io.on('connection', (socket: GroupSocket) => {
    const identity = socket.data.identity;
    const live = hub.get(identity.sessionId);
    if (!live) {
      socket.disconnect(true);
      return;
    }
    void socket.join([
      roomOf(identity.sessionId),
      roleRoomOf(identity.sessionId, identity.role),
      memberRoomOf(identity.sessionId, identity.memberId),
    ]);
    const me = live.state.members[identity.memberId]!;
    socket.emit('welcome', {
      sessionId: identity.sessionId,
      you: { id: me.id, name: me.name, role: me.role },
      publicUrl: options.publicUrl(),
      tldrawLicenseKey: options.tldrawLicenseKey,
    });
    publisher.sendView(socket, live);

    socket.on('command', (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return; // every command expects an answer; a bare emit is dropped
      if (overBudget(socket, budgets.command(identity.memberId, identity.role)))
        return ack({
          ok: false,
          error: { code: 'RATE_LIMITED', message: 'Too many changes at once: wait a moment and try again.' },
        });
      hub.execute(identity, raw).then(
        (result) => ack(result),
        (err: Error) => {
          log.error('command.failed', { sessionId: identity.sessionId, error: err.name });
          ack({ ok: false, error: { code: 'INTERNAL', message: 'the server could not apply this command' } });
        },
      );
    });

    socket.on('time', (ack: unknown) => {
      if (typeof ack !== 'function') return;
      // Refused probes go unanswered: the client's own timeout ends its measurement.
      if (!overBudget(socket, budgets.timeProbe(socket.id, identity.memberId))) ack({ serverNow: clock() });
    });

    socket.on('resync', () => {
      if (overBudget(socket, budgets.resync(socket.id, identity.memberId))) return;
      const current = hub.get(identity.sessionId);
      if (current) publisher.sendView(socket, current);
    });
  });

  hub.onChange((sessionId, live) => publisher.publish(sessionId, live));
  hub.onPurge((sessionId) => publisher.purged(sessionId));
  hub.onDrop((sessionIds) => {
    for (const id of sessionIds) publisher.moved(id);
  });

  return io;
}
