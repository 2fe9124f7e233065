/**
 * The built client: hashed files served as the build compressed them (brotli, else gzip, chosen
 * by the browser's Accept-Encoding) and cached for a year, since a new build gives them new names;
 * the single page itself revalidated on every load, so a new build reaches browsers at once.
 */
import path from 'node:path';
import express, { type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';

const YEAR_SECONDS = 365 * 24 * 3600;

export function clientFiles(clientDir: string): Router {
  const router = express.Router();
  router.use(
    expressStaticGzip(clientDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gz'],
      index: false,
      serveStatic: {
        index: false,
        cacheControl: false,
        setHeaders(res, file) {
          // Vite names everything under assets/ by its content hash.
          const hashed = path.relative(clientDir, file).split(path.sep)[0] === 'assets';
          res.setHeader('cache-control', hashed ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
        },
      },
    }),
  );
  // A file the build no longer has (a tab open across a deploy asking for an old chunk) is a 404,
  // never the page: HTML where JavaScript is expected fails in ways nobody can read.
  router.get(/^\/assets\//, (_req, res) => {
    res.status(404).setHeader('cache-control', 'no-store').end();
  });
  // Every app route is the single page; the client routes on the path.
  router.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(clientDir, 'index.html'));
  });
  return router;
}
