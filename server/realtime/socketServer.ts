/**
 * socket.io: one room per session. A socket is authenticated at the handshake by its personal
 * token and stays bound to that member; every command goes through the hub, and every change
 * sends each member the projection of the new state that their role may see.
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { LIMITS } from '../../shared/limits.js';
import {
  diffRole,
  projectOwn,
  projectRole,
  type RoleViewCache,
  replacedItems,
  type SessionView,
} from '../../shared/projection.js';
import {
  type ClientToServerEvents,
  type ServerToClientEvents,
  SocketAuth,
  type ViewMessage,
} from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import type { SessionState } from '../../shared/state.js';
import type { Logger } from '../log.js';
import type { LiveSession, MemberIdentity, SessionHub } from '../sessions/hub.js';
import { Budgets, type Spend } from './budgets.js';

interface SocketData {
  identity: MemberIdentity;
}

type GroupSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type GroupServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const roomOf = (sessionId: string) => `session:${sessionId}`;
const roleRoomOf = (sessionId: string, role: Role) => `session:${sessionId}:${role}`;
const memberRoomOf = (sessionId: string, memberId: string) => `session:${sessionId}:member:${memberId}`;

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

  io.use((socket, next) => {
    const auth = SocketAuth.safeParse(socket.handshake.auth);
    const identity = auth.success ? hub.authenticate(auth.data.token) : null;
    if (!identity) {
      next(new Error('UNAUTHENTICATED'));
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

  function viewMessage(live: LiveSession, view: SessionView): ViewMessage {
    return { seq: live.seq, serverNow: clock(), view };
  }

  function sendView(socket: GroupSocket, live: LiveSession): void {
    const { memberId, role } = socket.data.identity;
    // Own items first: when the view arrives the member's screen is complete at once.
    socket.emit('own', { seq: live.seq, items: projectOwn(live.state, { memberId, role }) });
    socket.emit('view', viewMessage(live, projectRole(live.state, role)));
  }

  /** Per session: the state last published, to send 'own' only to members whose items changed. */
  const lastPublished = new Map<string, SessionState>();
  /** Per session and role: what the last broadcast view was made of, to send only what changed. */
  const lastRoleView = new Map<string, Map<Role, RoleViewCache>>();

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
    sendView(socket, live);

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
      if (current) sendView(socket, current);
    });
  });

  // Publish: each role's view is computed and encoded once and broadcast to that role's room;
  // a member's own items go to that member alone, and only when they changed.
  hub.onChange((sessionId, live) => {
    const sockets = io.sockets.adapter.rooms.get(roomOf(sessionId));
    if (!sockets) return;
    const roles = new Set<Role>();
    const members = new Map<string, Role>();
    for (const socketId of sockets) {
      const socket = io.sockets.sockets.get(socketId);
      const identity = socket?.data.identity;
      if (!identity) continue;
      // Removed by the facilitator: told, and cut off before anything more of the session reaches them.
      if (!live.state.members[identity.memberId]) {
        void socket.leave(roomOf(sessionId));
        void socket.leave(roleRoomOf(sessionId, identity.role));
        socket.emit('gone', { reason: 'removed' });
        setImmediate(() => socket.disconnect(true));
        continue;
      }
      roles.add(identity.role);
      members.set(identity.memberId, identity.role);
    }
    const caches = lastRoleView.get(sessionId) ?? new Map<Role, RoleViewCache>();
    lastRoleView.set(sessionId, caches);
    for (const role of roles) {
      const previous = caches.get(role);
      const baseSeq = previous?.seq; // read first: diffRole updates the cache in place
      const { patch, cache } = diffRole(live.state, role, previous, live.seq);
      caches.set(role, cache);
      const room = io.to(roleRoomOf(sessionId, role));
      if (baseSeq !== undefined) room.emit('patch', { seq: live.seq, baseSeq, serverNow: clock(), patch });
      else room.emit('view', viewMessage(live, projectRole(live.state, role)));
    }

    // A member's own items go again only when one of them changed: those the machine replaced
    // since the last published state (the same list the role patches were made from).
    const before = lastPublished.get(sessionId);
    lastPublished.set(sessionId, live.state);
    const authors = new Set<string>();
    for (const id of replacedItems(before?.items ?? {}, live.state.items)) {
      const item = live.state.items[id] ?? before?.items[id];
      if (item) authors.add(item.authorId);
    }
    for (const memberId of authors) {
      const role = members.get(memberId);
      if (role)
        io.to(memberRoomOf(sessionId, memberId)).emit('own', {
          seq: live.seq,
          items: projectOwn(live.state, { memberId, role }),
        });
    }
  });

  hub.onPurge((sessionId) => {
    lastPublished.delete(sessionId);
    lastRoleView.delete(sessionId);
    io.to(roomOf(sessionId)).emit('gone', { reason: 'purged' });
    // After this tick, so the facilitator's acknowledgement goes out before the socket closes.
    setImmediate(() => io.in(roomOf(sessionId)).disconnectSockets(true));
  });

  return io;
}
