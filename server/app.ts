/** Wires the store, the hub, HTTP and socket.io into one server. Used by main.ts and the tests. */

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import compression from 'compression';
import express from 'express';
import { LIMITS } from '../shared/limits.js';
import { DEFAULT_PROTECTIVE_MARKING } from '../shared/pack.js';
import { FacilitatorSignIn } from './auth/facilitatorSignIn.js';
import { BoardRooms } from './board/boardRooms.js';
import { attachBoardSocket } from './board/boardSocket.js';
import { BoardTickets } from './board/boardTickets.js';
import { type Config, DEFAULT_RETENTION_DAYS, DEFAULT_SESSIONS_PER_HOUR } from './config.js';
import { boardRoute } from './http/boardRoute.js';
import { clientFiles } from './http/clientFiles.js';
import { packRoute } from './http/packRoute.js';
import { apiRoutes } from './http/routes.js';
import { createLogger, type Logger } from './log.js';
import { PackRenderer } from './pack/renderer.js';
import type { Budgets } from './realtime/budgets.js';
import { roomOf } from './realtime/publisher.js';
import { attachSocketServer, type GroupServer } from './realtime/socketServer.js';
import { securityHeaders, strictTransportSecurity } from './security/headers.js';
import { hostChecker, originChecker } from './security/origin.js';
import { DEFAULT_JOIN_LIMITS, FailureLimiter } from './security/rateLimit.js';
import { SessionHub } from './sessions/hub.js';
import { PgStore } from './store/postgres/pgStore.js';
import { SqliteStore } from './store/sqliteStore.js';
import type { SessionStore } from './store/store.js';

export interface GroupmapServer {
  http: http.Server;
  boards: BoardRooms;
  io: GroupServer;
  hub: SessionHub;
  store: SessionStore;
  packs: PackRenderer;
  /** Resolves with the bound port (0 in the config picks a free one). */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/** A session nobody is connected to and nothing has changed in for this long is let go by its node (shared store only). */
const IDLE_UNLOAD_MS = 10 * 60_000;

/** The store the configuration names: SQLite opens at once; PostgreSQL connects and checks its tables first. */
export async function openStore(config: Config, log: Logger): Promise<SessionStore> {
  if (config.store?.kind === 'postgres') return PgStore.open(config.store.databaseUrl, config.store.nodeId, log);
  return new SqliteStore(config.dataDir, { durability: config.durability, limitMb: config.storeLimitMb });
}

export function createGroupmapServer(
  config: Config,
  options: {
    logger?: Logger;
    clock?: () => number;
    joinLimiter?: FailureLimiter;
    budgets?: Budgets;
    /** A store opened already (openStore); the embedded SQLite one in GROUPMAP_DATA_DIR if not given. */
    store?: SessionStore;
  } = {},
): GroupmapServer {
  const log = options.logger ?? createLogger();
  if (!options.store && config.store?.kind === 'postgres')
    throw new Error('open the PostgreSQL store first (openStore)');
  const store =
    options.store ?? new SqliteStore(config.dataDir, { durability: config.durability, limitMb: config.storeLimitMb });
  const hub = new SessionHub(store, log, {
    clock: options.clock,
    retentionDays: config.retentionDays ?? DEFAULT_RETENTION_DAYS,
    sessionQuotaMb: config.sessionQuotaMb,
  });
  // Before anything is served: every stored session loaded, damage reported loudly, and a purge a
  // crash cut short finished.
  const ready = (async () => {
    const started = Date.now();
    const restored = await hub.restore();
    log.info('store.restored', { sessions: restored, ms: Date.now() - started });
    try {
      const { logProblems, boardProblems, orphanBoards } = await store.checkAtStart();
      if (logProblems > 0) log.error('store.damaged', { file: 'groupmap.db', count: logProblems });
      if (boardProblems > 0) log.error('store.damaged', { file: 'boards.db', count: boardProblems });
      if (orphanBoards > 0) log.info('purge.completed', { count: orphanBoards });
      hub.integrity = logProblems + boardProblems > 0 ? 'damaged' : 'ok';
    } catch (err) {
      log.error('store.check.failed', { error: (err as Error).name });
    }
  })();

  // Retention (REC-7): sessions past their deletion time are purged once loaded and every 10 minutes.
  const sweep = () =>
    void hub.purgeExpired().then(
      (purged) => {
        if (purged > 0) log.info('retention.purged', { count: purged });
      },
      // A database that cannot be reached for a moment: the next sweep tries again.
      (err: Error) => log.error('retention.failed', { error: err.name }),
    );
  void ready.then(sweep);
  const sweeper = setInterval(sweep, 10 * 60_000);
  sweeper.unref();
  // With a shared store, sessions nobody uses are let go (see SessionHub.unloadIdle).
  const unloader = setInterval(() => {
    const inUse = (id: string) => (io.sockets.adapter.rooms.get(roomOf(id))?.size ?? 0) > 0 || boards.isLoaded(id);
    void hub.unloadIdle(inUse, IDLE_UNLOAD_MS).then(
      (count) => {
        if (count > 0) log.info('sessions.unloaded', { count });
      },
      (err: Error) => log.error('sessions.unload.failed', { error: err.name }),
    );
  }, 60_000);
  unloader.unref();

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  const isAllowedHost = hostChecker(() => config.publicUrl, config.allowedOrigins ?? []);
  app.use((req, res, next) => {
    if (isAllowedHost(req.headers.host)) return next();
    res.status(421).json({ error: { code: 'FORBIDDEN', message: 'this server is not reached by that name' } });
  });
  app.use(securityHeaders());
  app.use(strictTransportSecurity);
  // Responses made on the fly (the API, the page, Markdown packs); the client's files come compressed from the build.
  app.use(compression());
  app.use(express.json({ limit: LIMITS.httpBodyBytes }));
  const isSameSite = originChecker(() => config.publicUrl, config.allowedOrigins ?? []);
  // Per-address limits are counted on each node (not in the database): each of N nodes takes 1/N,
  // so a person spread over all of them by the proxy gets the one allowance (deploy/README.md).
  const nodes = config.store?.kind === 'postgres' ? config.store.nodes : 1;
  const shareOf = (limit: number) => Math.max(1, Math.ceil(limit / nodes));
  const signIn = config.oidc ? new FacilitatorSignIn(config.oidc, () => config.publicUrl, log, options.clock) : null;
  if (signIn) app.use(signIn.routes((req) => isSameSite(req.get('origin'), req)));
  app.use(
    apiRoutes(
      hub,
      config,
      shareOf(config.sessionsPerHour ?? DEFAULT_SESSIONS_PER_HOUR),
      options.joinLimiter ??
        new FailureLimiter({ ...DEFAULT_JOIN_LIMITS, perAddress: shareOf(DEFAULT_JOIN_LIMITS.perAddress) }),
      signIn,
      (req) => isSameSite(req.get('origin'), req),
    ),
  );
  const packs = new PackRenderer();
  app.use(
    packRoute(hub, store, packs, log, {
      protectiveMarking: config.protectiveMarking ?? DEFAULT_PROTECTIVE_MARKING,
      timeZone: config.timeZone ?? 'UTC',
    }),
  );
  const boardTickets = new BoardTickets(options.clock);
  app.use(boardRoute(hub, store, boardTickets, log));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
  });

  if (config.clientDir && fs.existsSync(path.join(config.clientDir, 'index.html'))) {
    app.use(clientFiles(config.clientDir));
  }

  // Malformed JSON and oversized bodies get a clear answer, never a stack trace.
  app.use(
    (
      err: Error & { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = err.status ?? 500;
      const message =
        err.type === 'entity.too.large'
          ? 'the request body is too large'
          : status === 500
            ? 'server error'
            : 'the request is not valid JSON';
      if (status === 500) log.error('http.failed', { error: err.name });
      res.status(status).json({ error: { code: status === 500 ? 'INTERNAL' : 'INVALID', message } });
    },
  );

  const server = http.createServer(app);
  const isAllowedOrigin = (origin: string | undefined, req: http.IncomingMessage) =>
    isAllowedHost(req.headers.host) && isSameSite(origin, req);
  const io = attachSocketServer(server, hub, log, {
    publicUrl: () => config.publicUrl,
    clock: options.clock,
    isAllowedOrigin,
    tldrawLicenseKey: config.tldrawLicenseKey ?? '',
    ...(options.budgets ? { budgets: options.budgets } : {}),
  });
  const boards = new BoardRooms(store.boards, hub, log);
  const boardSockets = attachBoardSocket(server, hub, boards, boardTickets, log, isAllowedOrigin);

  return {
    http: server,
    boards,
    io,
    hub,
    store,
    packs,
    // Not before the store is loaded and checked (and any cut-short purge finished).
    listen: () =>
      ready.then(
        () =>
          new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(config.port, config.host, () => {
              const port = (server.address() as AddressInfo).port;
              // With PORT=0 the links handed out must name the port actually bound.
              config.publicUrl = config.publicUrl.replace(/:0$/, `:${port}`);
              resolve(port);
            });
          }),
      ),
    close: async () => {
      clearInterval(sweeper);
      clearInterval(unloader);
      boards.closeAll();
      for (const ws of boardSockets.clients) ws.terminate();
      boardSockets.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      await packs.close();
      await hub.settle();
      await store.close();
    },
  };
}
