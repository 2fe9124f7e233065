/**
 * HTTP security headers (helmet) with a Content Security Policy the built client satisfies:
 * scripts only from this origin; inline styles allowed (React and tldraw set style attributes);
 * images, fonts and exports from this origin, data: and blob: (tldraw's icons, fonts and image
 * export); sockets to this origin only; never framed by another site.
 */
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        manifestSrc: ["'self'"],
        mediaSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Links open other sites without telling them where the person came from.
    referrerPolicy: { policy: 'no-referrer' },
    // Sent below, and only over https: on a meeting room's plain-http address it means nothing.
    strictTransportSecurity: false,
  });
}

/** HSTS only on a request that came over https (directly, or through a trusted proxy). */
export function strictTransportSecurity(req: Request, res: Response, next: NextFunction): void {
  if (req.secure) res.setHeader('strict-transport-security', 'max-age=15552000');
  next();
}
