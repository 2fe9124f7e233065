/**
 * `npm run backup` (issue 19): a consistent copy while the server runs and people write, which a
 * server started on it serves in full. (Copying groupmap.db alone lost 58 to 112 of 150
 * acknowledged items in the trials: the newest commits are in the WAL.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Budgets, DEFAULT_BUDGETS } from '../../server/realtime/budgets.js';
import { createSession, join, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer, tempDataDir } from '../helpers/server.js';

const run = promisify(execFile);
const servers: TestServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop();
});

describe('npm run backup', () => {
  it('copies the store while it is written to; a server on the copy has every item acknowledged before it began', async () => {
    const dataDir = tempDataDir();
    // Budgets aside: these clients write faster than people, to keep the store busy during the copy.
    const budgets = new Budgets({ ...DEFAULT_BUDGETS, commandsPerMinute: 1_000_000, leadCommandsPerMinute: 1_000_000 });
    const t = await startTestServer({ dataDir, budgets });
    servers.push(t);
    const s = await createSession(t.url, { title: 'Family B' });
    const F = new TestClient(t.url, s.facilitatorToken);
    clients.push(F);
    await F.connected();
    for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' }); // what's working well: writing
    const pat = await join(t.url, { code: s.participants.code, name: 'Pat' });
    const P = new TestClient(t.url, pat.token);
    clients.push(P);
    await P.connected();
    const submit = (i: number) =>
      P.ok({ type: 'item.submit', itemId: `backup-item-${i}`, stageId: 'working-well', text: `Question ${i}` });
    for (let i = 0; i < 40; i++) await submit(i);

    // The copy is made while the facilitator goes on clicking.
    const target = path.join(tempDataDir(), 'copy');
    let writing = true;
    const more = (async () => {
      for (let i = 0; writing; i++) await F.ok({ type: 'session.lock', locked: i % 2 === 0 });
    })();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', target], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, GROUPMAP_DATA_DIR: dataDir },
    });
    writing = false;
    await more;
    expect(stdout).toMatch(/groupmap\.db: .* copied and checked/);
    expect(stdout).toMatch(/boards\.db: .* copied and checked/);
    expect(fs.readdirSync(target).sort()).toEqual(['boards.db', 'groupmap.db']);
    expect(fs.statSync(path.join(target, 'groupmap.db')).mode & 0o777).toBe(0o600);

    const copy = await startTestServer({ dataDir: target });
    servers.push(copy);
    const items = Object.keys(copy.server.hub.get(s.sessionId)!.state.items);
    for (let i = 0; i < 40; i++) expect(items).toContain(`backup-item-${i}`);
  });

  it('refuses a directory that is not empty, and says why', async () => {
    const dataDir = tempDataDir();
    const t = await startTestServer({ dataDir });
    servers.push(t);
    await createSession(t.url);
    const target = tempDataDir();
    fs.writeFileSync(path.join(target, 'something'), 'x');
    await expect(
      run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', target], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...process.env, GROUPMAP_DATA_DIR: dataDir },
      }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/groupmap backup failed: .* is not empty/) });
  });
});
