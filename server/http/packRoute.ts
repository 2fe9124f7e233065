/**
 * GET /api/sessions/:id/pack.:format with `Authorization: Bearer <token>`. Only the caseworker and
 * the facilitator of that session may download, and only once something has been handed over.
 * Downloads are recorded in the log without content.
 */
import express, { type Router } from 'express';
import { buildPack, PACK_FORMATS, packAvailable, packFileName, type PackFormat } from '../../shared/pack.js';
import type { ErrorResponse } from '../../shared/protocol.js';
import type { Logger } from '../log.js';
import { CONTENT_TYPES, renderPack } from '../pack/render.js';
import type { SessionHub } from '../sessions/hub.js';

const MAY_DOWNLOAD = new Set(['facilitator', 'caseworker']);

export function packRoute(hub: SessionHub, log: Logger, options: { protectiveMarking: string }): Router {
  const router = express.Router();
  router.get('/api/sessions/:sessionId/pack.:format', async (req, res) => {
    const refuse = (status: number, code: ErrorResponse['error']['code'], message: string) =>
      void res.status(status).json({ error: { code, message } } satisfies ErrorResponse);
    const format = req.params.format as PackFormat;
    if (!PACK_FORMATS.includes(format)) return refuse(404, 'NOT_FOUND', `formats: ${PACK_FORMATS.join(', ')}`);
    const token = /^Bearer ([A-Za-z0-9_-]{20,64})$/.exec(req.get('authorization') ?? '')?.[1];
    const identity = token ? hub.authenticate(token) : null;
    if (!identity) return refuse(401, 'UNAUTHENTICATED', 'a valid token is needed');
    if (identity.sessionId !== req.params.sessionId || !MAY_DOWNLOAD.has(identity.role)) {
      return refuse(403, 'FORBIDDEN', 'only the caseworker and the facilitator may download the pack');
    }
    const live = hub.get(identity.sessionId)!;
    if (!packAvailable(live.state)) return refuse(409, 'WRONG_STAGE', 'nothing has been handed over yet');
    const pack = buildPack(live.state, { protectiveMarking: options.protectiveMarking, now: Date.now() });
    const body = await renderPack(pack, format);
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
