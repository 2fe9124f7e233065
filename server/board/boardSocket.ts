/**
 * The board's WebSocket endpoint, `/board/:sessionId?ticket=…&sessionId=<tab>`, on the same HTTP
 * server as socket.io. Each connection is checked before the upgrade completes: the Origin must be
 * this server's (no cross-site WebSocket hijacking), the ticket (boardTickets.ts: single use, 30 s;
 * never the personal token, which a proxy would log) must be for a member of that very session who
 * is still in it, and participants' phones have no board. Messages are capped; rights follow roles
 * (shared/permissions.ts) and are enforced by the room (read-only for the caseworker and the screen).
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { canEditBoard, canOpenBoard } from '../../shared/permissions.js';
import type { Logger } from '../log.js';
import type { SessionHub } from '../sessions/hub.js';
import type { BoardRooms } from './boardRooms.js';
import type { BoardTickets } from './boardTickets.js';

export const BOARD_MAX_MESSAGE_BYTES = 512 * 1024;

function reject(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function attachBoardSocket(
  httpServer: HttpServer,
  hub: SessionHub,
  boards: BoardRooms,
  tickets: BoardTickets,
  log: Logger,
  isAllowedOrigin: (origin: string | undefined, req: IncomingMessage) => boolean,
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: BOARD_MAX_MESSAGE_BYTES });

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/board\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
    if (!match) return; // socket.io's own upgrades
    if (!isAllowedOrigin(req.headers.origin, req)) return reject(socket, 403, 'Forbidden');
    const ticket = url.searchParams.get('ticket') ?? '';
    // tldraw's client adds its own sessionId (one per tab) to the URI.
    const tab = url.searchParams.get('sessionId') ?? '';
    const identity = /^[A-Za-z0-9_-]{20,64}$/.test(ticket) ? tickets.redeem(ticket) : null;
    if (
      !identity ||
      identity.sessionId !== match[1] ||
      !canOpenBoard(identity.role) ||
      !hub.get(identity.sessionId)?.state.members[identity.memberId]
    )
      return reject(socket, 403, 'Forbidden');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(tab)) return reject(socket, 400, 'Bad Request');
    // The room is loaded before the upgrade completes, so no message can arrive before the room listens.
    boards.room(identity.sessionId).then(
      (room) => {
        const live = hub.get(identity.sessionId);
        if (!room || !live) return reject(socket, 404, 'Not Found');
        wss.handleUpgrade(req, socket, head, (ws) => {
          const isReadonly = !canEditBoard(identity.role, live.state);
          // The room was let go since it loaded (its last connection left meanwhile): tldraw's client retries.
          if (
            !boards.connect(identity.sessionId, ws, {
              tab,
              memberId: identity.memberId,
              name: live.state.members[identity.memberId]?.name ?? '',
              role: identity.role,
              isReadonly,
            })
          )
            return ws.close(1012, 'retry');
          log.info('board.connected', { sessionId: identity.sessionId, role: identity.role });
        });
      },
      () => reject(socket, 503, 'Service Unavailable'),
    );
  });
  return wss;
}
