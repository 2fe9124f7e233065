/**
 * The board's HTTP side, for members whose role has a board (BOARD_ROLES):
 * - POST /api/sessions/:id/board-ticket trades the personal token (`Authorization: Bearer`) for a
 *   single-use ticket that opens the board's WebSocket (boardTickets.ts): no token in any URL.
 * - PUT /api/sessions/:id/board/<part>.png: the facilitator's browser exports the genogram and the
 *   map as PNGs (tldraw renders client-side) for the pack.
 */
import express, { type Router } from 'express';
import { BOARD_IMAGE_PARTS, MAX_SLICES, parseBoardImageName } from '../../shared/board/printPages.js';
import { canOpenBoard } from '../../shared/permissions.js';
import type { BoardTicketResponse } from '../../shared/protocol.js';
import { type BoardTickets, TICKET_TTL_MS } from '../board/boardTickets.js';
import type { Logger } from '../log.js';
import type { MemberIdentity, SessionHub } from '../sessions/hub.js';
import type { SessionStore } from '../store/store.js';
import { StoreFullError } from '../store/storeFull.js';
import { bearer, movedElsewhere, refuse } from './requests.js';

export function boardRoute(hub: SessionHub, store: SessionStore, tickets: BoardTickets, log: Logger): Router {
  const router = express.Router();
  router.post('/api/sessions/:sessionId/board-ticket', async (req, res) => {
    const identity = await bearer(req, hub);
    if (identity === 'elsewhere') return movedElsewhere(res);
    if (!identity) return refuse(res, 'UNAUTHENTICATED', 'a valid token is needed');
    if (identity.sessionId !== req.params.sessionId || !canOpenBoard(identity.role))
      return refuse(res, 'FORBIDDEN', 'this role has no board');
    res
      .status(201)
      .set('cache-control', 'no-store')
      .json({ ticket: tickets.issue(identity), expiresInSeconds: TICKET_TTL_MS / 1000 } satisfies BoardTicketResponse);
  });
  // The facilitator's browser exports the genogram and the map as PNGs (tldraw renders client-side) for the pack.
  router.put(
    '/api/sessions/:sessionId/board/:part.png',
    // Who and where first: a stranger's 5 MB is refused before it is read.
    async (req, res, next) => {
      if (!parseBoardImageName(req.params.part))
        return refuse(
          res,
          'NOT_FOUND',
          `parts: ${BOARD_IMAGE_PARTS.join(', ')}, later pages as <part>-2 to -${MAX_SLICES}`,
        );
      const identity = await bearer(req, hub);
      if (identity === 'elsewhere') return movedElsewhere(res);
      if (!identity) return refuse(res, 'UNAUTHENTICATED', 'a valid token is needed');
      if (identity.sessionId !== req.params.sessionId || identity.role !== 'facilitator')
        return refuse(res, 'FORBIDDEN', 'only the facilitator saves the board image');
      res.locals.identity = identity;
      next();
    },
    express.raw({ type: 'image/png', limit: BOARD_IMAGE_MAX_BYTES }),
    async (req, res) => {
      const identity = res.locals.identity as MemberIdentity;
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || !body.subarray(0, 8).equals(PNG_SIGNATURE))
        return refuse(res, 'INVALID', 'send a PNG image');
      const saved = await store.boards.saveImage(identity.sessionId, req.params.part, body).catch((err: Error) => {
        if (err instanceof StoreFullError) return 'full' as const;
        throw err;
      });
      if (saved === 'full')
        return refuse(res, 'UNAVAILABLE', 'The server cannot save the picture now: its disk is full.');
      if (!saved) return refuse(res, 'WRONG_STAGE', 'this session has no board yet');
      log.info('board.image.saved', { sessionId: identity.sessionId, count: body.length });
      res.status(204).end();
    },
  );
  return router;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const BOARD_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
