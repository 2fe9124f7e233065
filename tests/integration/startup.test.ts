/** The server process at start: the runtime it reports, and a configuration it refuses. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../server/log.js';
import { createSession, postJson, TestClient } from '../helpers/client.js';
import { startTestServer, tempDataDir } from '../helpers/server.js';
import { type ServerProcess, spawnServer } from '../helpers/serverProcess.js';

let server: ServerProcess | null = null;
afterEach(async () => {
  await server?.kill();
  server = null;
});

describe('server start', () => {
  it('runs on Node 24 or newer and says which in its first log line', async () => {
    server = await spawnServer(tempDataDir());
    const listening = server.logLines
      .map((l) => (l.startsWith('{') ? JSON.parse(l) : null))
      .find((e) => e?.event === 'server.listening');
    expect(listening).toMatchObject({ level: 'info', node: process.version });
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('refuses a bad configuration value at start, naming the variable, and exits 2', async () => {
    await expect(spawnServer(tempDataDir(), { env: { GROUPMAP_DURABILITY: 'norma' } })).rejects.toThrow(
      /exited with 2: groupmap cannot start: GROUPMAP_DURABILITY must be "full" or "normal" \(it is "norma"\)/,
    );
  });
});

describe('a damaged store', () => {
  it('quarantines a session whose snapshot does not parse, names it without its content, and serves the rest', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir });
    const damaged = await createSession(first.url, { title: 'Family Secret', facilitatorName: 'Fran' });
    const healthy = await createSession(first.url, { title: 'Family K', facilitatorName: 'Fran' });
    await first.stop();
    const db = new Database(path.join(dataDir, 'groupmap.db'));
    db.prepare('UPDATE sessions SET snapshot = ? WHERE id = ?').run(
      '{"title":"Family Secret", "items": {',
      damaged.sessionId,
    );
    db.close();

    const lines: string[] = [];
    const logger: Logger = {
      info: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
      warn: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
      error: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
    };
    const second = await startTestServer({ dataDir, logger });
    try {
      expect(lines.find((l) => l.includes('session.damaged'))).toContain(damaged.sessionId);
      expect(lines.join('\n')).not.toContain('Family Secret');
      expect(await (await fetch(`${second.url}/healthz`)).json()).toMatchObject({ ok: true, sessions: 1, damaged: 1 });
      // The healthy session serves; the damaged one is refused like any unknown session.
      const F = new TestClient(second.url, healthy.facilitatorToken);
      expect((await F.connected()).title).toBe('Family K');
      F.close();
      const refused = await postJson<{ error: { code: string } }>(`${second.url}/api/join`, {
        code: damaged.participants.code,
        name: 'Pat',
      });
      expect(refused.status).toBe(404);
    } finally {
      await second.stop();
    }
  });
});
