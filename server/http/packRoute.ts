/**
 * GET /api/sessions/:id/pack.:format with `Authorization: Bearer <token>`, and the board pictures the
 * pack carries (PUT /api/sessions/:id/board/<part>.png, facilitator only). Only the caseworker and
 * the facilitator of that session may download, and only once something has been handed over.
 * Downloads are recorded in the log without content.
 */

import express, { type Router } from 'express';
import { BOARD_IMAGE_PARTS, MAX_SLICES, parseBoardImageName } from '../../shared/board/printPages.js';
import { buildPack, PACK_FORMATS, type PackFormat, packAvailable, packFileName } from '../../shared/pack.js';
import type { Logger } from '../log.js';
import { CONTENT_TYPES, SHOWS_BOARD_IMAGE } from '../pack/render.js';
import type { PackRenderer } from '../pack/renderer.js';
import type { MemberIdentity, SessionHub } from '../sessions/hub.js';
import type { SqliteStore } from '../store/sqliteStore.js';
import { StoreFullError } from '../store/storeFull.js';
import { bearer, refuse } from './requests.js';

const MAY_DOWNLOAD = new Set(['facilitator', 'caseworker']);

export function packRoute(
  hub: SessionHub,
  store: SqliteStore,
  renderer: PackRenderer,
  log: Logger,
  options: { protectiveMarking: string; timeZone: string },
): Router {
  const router = express.Router();
  router.get('/api/sessions/:sessionId/pack.:format', async (req, res) => {
    const format = req.params.format as PackFormat;
    if (!PACK_FORMATS.includes(format)) return refuse(res, 'NOT_FOUND', `formats: ${PACK_FORMATS.join(', ')}`);
    const identity = bearer(req, hub);
    if (!identity) return refuse(res, 'UNAUTHENTICATED', 'a valid token is needed');
    if (identity.sessionId !== req.params.sessionId || !MAY_DOWNLOAD.has(identity.role)) {
      return refuse(res, 'FORBIDDEN', 'only the caseworker and the facilitator may download the pack');
    }
    const live = hub.get(identity.sessionId)!;
    if (!packAvailable(live.state)) return refuse(res, 'WRONG_STAGE', 'nothing has been handed over yet');
    const pack = buildPack(live.state, {
      protectiveMarking: options.protectiveMarking,
      now: Date.now(),
      timeZone: options.timeZone,
      deletesAt: hub.deletionTime(live),
    });
    // Up to 5 MB each: read only for the formats that show them.
    const boardImages = SHOWS_BOARD_IMAGE.has(format) ? await store.boards.loadImages(identity.sessionId) : {};
    const body = await renderer.render(pack, format, boardImages);
    store.appendAudit({
      sessionId: identity.sessionId,
      at: Date.now(),
      event: 'pack.exported',
      role: identity.role,
      memberId: identity.memberId,
      detail: format,
    });
    log.info('pack.exported', { sessionId: identity.sessionId, role: identity.role, type: format });
    res
      .status(200)
      .set('content-type', CONTENT_TYPES[format])
      .set('content-disposition', `attachment; filename="${packFileName(pack, format)}"`)
      .set('cache-control', 'no-store')
      .send(body);
  });
  // The facilitator's browser exports the genogram and the map as PNGs (tldraw renders client-side) for the pack.
  router.put(
    '/api/sessions/:sessionId/board/:part.png',
    // Who and where first: a stranger's 5 MB is refused before it is read.
    (req, res, next) => {
      if (!parseBoardImageName(req.params.part))
        return refuse(
          res,
          'NOT_FOUND',
          `parts: ${BOARD_IMAGE_PARTS.join(', ')}, later pages as <part>-2 to -${MAX_SLICES}`,
        );
      const identity = bearer(req, hub);
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
