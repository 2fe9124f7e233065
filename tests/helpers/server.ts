/** A real server on an ephemeral port with its own store directory, for integration tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGroupmapServer, type GroupmapServer } from '../../server/app.js';
import type { Config, OidcConfig } from '../../server/config.js';
import { type Logger, silentLogger } from '../../server/log.js';
import type { Budgets } from '../../server/realtime/budgets.js';
import type { FailureLimiter } from '../../server/security/rateLimit.js';

export interface TestServer {
  server: GroupmapServer;
  port: number;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'groupmap-test-'));
}

export async function startTestServer(
  opts: {
    dataDir?: string;
    port?: number;
    logger?: Logger;
    clock?: () => number;
    clientDir?: string;
    joinLimiter?: FailureLimiter;
    budgets?: Budgets;
    sessionsPerHour?: number;
    sessionQuotaMb?: number;
    storeLimitMb?: number;
    oidc?: OidcConfig;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const config: Config = {
    port: opts.port ?? 0,
    host: '127.0.0.1',
    dataDir,
    publicUrl: 'http://127.0.0.1:0',
    durability: 'normal',
    clientDir: opts.clientDir ?? null,
    // Tests make many sessions from one address; the limit itself is tested in http.test.ts.
    sessionsPerHour: opts.sessionsPerHour ?? 10_000,
    ...(opts.sessionQuotaMb !== undefined ? { sessionQuotaMb: opts.sessionQuotaMb } : {}),
    ...(opts.storeLimitMb !== undefined ? { storeLimitMb: opts.storeLimitMb } : {}),
    ...(opts.oidc ? { oidc: opts.oidc } : {}),
  };
  const server = createGroupmapServer(config, {
    logger: opts.logger ?? silentLogger,
    clock: opts.clock,
    joinLimiter: opts.joinLimiter,
    budgets: opts.budgets,
  });
  const port = await server.listen();
  const url = `http://127.0.0.1:${port}`;
  return { server, port, url, dataDir, stop: () => server.close() };
}
