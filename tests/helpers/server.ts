/** A real server on an ephemeral port with its own store directory, for integration tests. */

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createGroupmapServer, type GroupmapServer } from '../../server/app.js';
import type { Config, OidcConfig } from '../../server/config.js';
import { type Logger, silentLogger } from '../../server/log.js';
import type { Budgets } from '../../server/realtime/budgets.js';
import type { FailureLimiter } from '../../server/security/rateLimit.js';
import { PgStore } from '../../server/store/postgres/pgStore.js';
import type { SqliteStore } from '../../server/store/sqliteStore.js';
import type { SessionStore } from '../../server/store/store.js';

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
  const logger = opts.logger ?? silentLogger;
  const store = process.env.GROUPMAP_TEST_POSTGRES ? await postgresStore(dataDir, logger) : undefined;
  const server = createGroupmapServer(config, {
    ...(store ? { store } : {}),
    logger,
    clock: opts.clock,
    joinLimiter: opts.joinLimiter,
    budgets: opts.budgets,
  });
  const port = await server.listen();
  const url = `http://127.0.0.1:${port}`;
  return { server, port, url, dataDir, stop: () => server.close() };
}

/**
 * In the PostgreSQL run (vitest.postgres.config.ts), the store is a database named after the data
 * directory, so a test that restarts a server on the same directory finds the same database.
 */
async function postgresStore(dataDir: string, logger: Logger): Promise<SessionStore> {
  return PgStore.open(await testDatabaseUrl(dataDir), 'test-node', logger);
}

/** The PostgreSQL run's database for a data directory, created if it is not there yet. */
export async function testDatabaseUrl(dataDir: string): Promise<string> {
  const admin = process.env.GROUPMAP_TEST_POSTGRES!;
  const database = `t_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${database}`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // it exists: a restart
  } finally {
    await client.end();
  }
  return admin.replace(/\/postgres$/, `/${database}`);
}

/** How many commands the store holds for a session (either store). */
export async function storedCommands(server: GroupmapServer, sessionId: string): Promise<number> {
  const store = server.store;
  if (store instanceof PgStore)
    return Number(
      (await store.pool.query('SELECT count(*) AS n FROM commands WHERE session_id = $1', [sessionId])).rows[0].n,
    );
  const db = (store as SqliteStore).db;
  return (db.prepare('SELECT COUNT(*) AS n FROM commands WHERE session_id = ?').get(sessionId) as { n: number }).n;
}

/**
 * Where the store still holds a text: the SQLite files (any byte of them, WAL included), or, in
 * PostgreSQL, any row of a table that holds what people wrote. Empty when it is nowhere.
 */
export async function whereStored(t: TestServer, text: string): Promise<string[]> {
  const store = t.server.store;
  if (store instanceof PgStore) {
    const found: string[] = [];
    for (const [table, column] of [
      ['commands', 'body'],
      ['sessions', 'snapshot'],
      ['board_records', 'state'],
      ['audit', 'detail'],
    ] as const) {
      const { rows } = await store.pool.query(`SELECT count(*) AS n FROM ${table} WHERE ${column} LIKE $1`, [
        `%${text}%`,
      ]);
      if (Number(rows[0].n) > 0) found.push(table);
    }
    return found;
  }
  return fs.readdirSync(t.dataDir).filter((file) => fs.readFileSync(path.join(t.dataDir, file)).includes(text));
}

/** Rows of a parameterless SELECT, from either store (the tables and columns are the same). */
export async function storedRows<T>(server: GroupmapServer, sql: string): Promise<T[]> {
  const store = server.store;
  if (store instanceof PgStore) return (await store.pool.query(sql)).rows as T[];
  return (store as SqliteStore).db.prepare(sql).all() as T[];
}

/** In the PostgreSQL run: tests of the SQLite files themselves are skipped there. */
export const onPostgres = Boolean(process.env.GROUPMAP_TEST_POSTGRES);
