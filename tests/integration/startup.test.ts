/** The server process at start: the runtime it reports, and a configuration it refuses. */
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/server.js';
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
