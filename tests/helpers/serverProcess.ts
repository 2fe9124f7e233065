/**
 * The real server as a child process (`server/main.ts`), so tests can SIGKILL it mid-session and
 * start it again on the same store, exactly as a crash and a restart would happen.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every line the server logged, for checks such as "no case content in logs". */
  logLines: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function spawnServer(
  dataDir: string,
  opts: { port?: number; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      HOST: '127.0.0.1',
      GROUPMAP_DATA_DIR: dataDir,
      GROUPMAP_DURABILITY: 'normal',
      GROUPMAP_CLIENT_DIR: path.join(dataDir, 'no-client'),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logLines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    lines.on('line', (line) => {
      logLines.push(line);
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { event: string; port?: number };
      if (entry.event === 'server.listening' && entry.port) {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    logLines,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
