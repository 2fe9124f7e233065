/**
 * GET /api/sessions/:id/pack.:format with `Authorization: Bearer <token>`. Only the caseworker and
 * the facilitator of that session may download, and only once something has been handed over.
 * Downloads are recorded in the audit trail without content. (The board pictures the pack carries
 * are uploaded through boardRoute.ts.)
 */

import express, { type Router } from 'express';
import { buildPack, PACK_FORMATS, type PackFormat, packFileName } from '../../shared/pack.js';
import { canDownloadPack, packAvailable } from '../../shared/permissions.js';
import type { Logger } from '../log.js';
import { CONTENT_TYPES, SHOWS_BOARD_IMAGE } from '../pack/render.js';
import type { PackRenderer } from '../pack/renderer.js';
import type { SessionHub } from '../sessions/hub.js';
import type { SessionStore } from '../store/store.js';
import { bearer, movedElsewhere, refuse } from './requests.js';

export function packRoute(
  hub: SessionHub,
  store: SessionStore,
  renderer: PackRenderer,
  log: Logger,
  options: { protectiveMarking: string; timeZone: string },
): Router {
  const router = express.Router();
  router.get('/api/sessions/:sessionId/pack.:format', async (req, res) => {
    const format = req.params.format as PackFormat;
    if (!PACK_FORMATS.includes(format)) return refuse(res, 'NOT_FOUND', `formats: ${PACK_FORMATS.join(', ')}`);
    const identity = await bearer(req, hub);
    if (identity === 'elsewhere') return movedElsewhere(res);
    if (!identity) return refuse(res, 'UNAUTHENTICATED', 'a valid token is needed');
    if (identity.sessionId !== req.params.sessionId || !canDownloadPack(identity.role)) {
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
    await store.appendAudit({
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
  return router;
}
