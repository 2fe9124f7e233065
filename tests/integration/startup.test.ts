/** The server process at start: the runtime it reports, a configuration it refuses, and the store it checks. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
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

  it('quarantines a session whose log has a gap (a lost page, a WAL cut short), naming it, and serves the rest', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir });
    const gappy = await createSession(first.url, { title: 'Family G', facilitatorName: 'Fran' });
    const healthy = await createSession(first.url, { title: 'Family K', facilitatorName: 'Fran' });
    const F = new TestClient(first.url, gappy.facilitatorToken);
    for (let i = 0; i < 4; i++) await F.ok({ type: 'session.lock', locked: i % 2 === 0 });
    F.close();
    await first.stop();
    const db = new Database(path.join(dataDir, 'groupmap.db'));
    db.prepare('DELETE FROM commands WHERE session_id = ? AND seq = 2').run(gappy.sessionId);
    db.close();

    const { logger, lines } = capture();
    const second = await startTestServer({ dataDir, logger });
    try {
      const line = JSON.parse(lines.find((l) => l.includes('session.damaged'))!);
      expect(line).toMatchObject({ sessionId: gappy.sessionId, error: 'log: 1 of 4 commands missing' });
      expect(await (await fetch(`${second.url}/healthz`)).json()).toMatchObject({ sessions: 1, damaged: 1 });
      const K = new TestClient(second.url, healthy.facilitatorToken);
      expect((await K.connected()).title).toBe('Family K');
      K.close();
    } finally {
      await second.stop();
    }
  });

  it('finishes a purge a SIGKILL cut short: nothing of the session is left in any file after the restart', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir });
    const s = await createSession(first.url, { title: 'Family P', facilitatorName: 'Fran' });
    const F = new TestClient(first.url, s.facilitatorToken);
    await F.connected();
    await F.ok({ type: 'goal.set', text: 'PURGE-MARKER goal' });
    await F.ok({ type: 'exactWords.add', noteId: 'purge-note-1', text: 'PURGE-MARKER words' });
    // The board, opened by nobody, is loaded for the exact words, saved and let go.
    await expect
      .poll(async () => JSON.stringify(await first.server.store.boards.load(s.sessionId)))
      .toContain('PURGE-MARKER');
    F.close();
    await first.stop();
    const filesWithMarker = () =>
      fs.readdirSync(dataDir).filter((f) => fs.readFileSync(path.join(dataDir, f)).includes('PURGE-MARKER'));
    expect(filesWithMarker().length).toBeGreaterThan(0);

    // The purge's transaction commits, then the process is killed before the WAL is truncated
    // and before the board's file is reached, as a SIGKILL in the middle of a purge would.
    const script = `
      const { SqliteStore } = await import('./server/store/sqliteStore.ts');
      const store = new SqliteStore(${JSON.stringify(dataDir)});
      store.writes.purge(${JSON.stringify(s.sessionId)}, Date.now());
      process.kill(process.pid, 'SIGKILL');
    `;
    const killed = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      timeout: 20_000,
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(filesWithMarker()).toContain('boards.db');

    const { logger, lines } = capture();
    const second = await startTestServer({ dataDir, logger });
    try {
      expect(lines.map((l) => JSON.parse(l))).toContainEqual({ event: 'purge.completed', count: 1 });
      expect(filesWithMarker()).toEqual([]);
      expect(await second.server.store.boards.load(s.sessionId)).toBeNull();
    } finally {
      await second.stop();
    }
  });

  it('checks both files with PRAGMA quick_check at start: a broken page is reported loudly, by file and count', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir });
    await createSession(first.url, { title: 'Family Q', facilitatorName: 'Fran' });
    await first.stop();
    // Break the audit trail's index page: the sessions still load, the file is not sound.
    const db = new Database(path.join(dataDir, 'groupmap.db'));
    const page = db.prepare("SELECT pageno FROM dbstat WHERE name = 'audit_session'").pluck().get() as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = fs.openSync(path.join(dataDir, 'groupmap.db'), 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xee), 0, 64, (page - 1) * pageSize);
    fs.closeSync(fd);

    const { logger, lines } = capture();
    const second = await startTestServer({ dataDir, logger });
    try {
      const damaged = lines.map((l) => JSON.parse(l)).find((l) => l.event === 'store.damaged');
      expect(damaged).toMatchObject({ file: 'groupmap.db', count: expect.any(Number) });
      expect(await (await fetch(`${second.url}/healthz`)).json()).toMatchObject({ degraded: 'store-damaged' });
    } finally {
      await second.stop();
    }
  });
});

/** A logger that keeps its lines, as the allow-listed logger would write them. */
function capture() {
  const lines: string[] = [];
  const keep = (event: string, fields?: Record<string, unknown>) => lines.push(JSON.stringify({ event, ...fields }));
  const logger: Logger = { info: keep, warn: keep, error: keep };
  return { logger, lines };
}
