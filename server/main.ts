/** `npm start`: the server and the built client on one port. */
import { createGroupmapServer, openStore } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';

// npm install brings Node 24 (package.json's node-linux-* dependency) and every npm script runs
// on it; started by hand on an older Node, say so rather than fail later on a missing API.
const SUPPORTED_NODE_MAJOR = 24;
if (Number(process.versions.node.split('.')[0]) < SUPPORTED_NODE_MAJOR) {
  process.stderr.write(
    `groupmap needs Node ${SUPPORTED_NODE_MAJOR} or newer, and this is ${process.version}. ` +
      'Start it with npm start, which runs on the Node that npm install brought.\n',
  );
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
const log = createLogger({ level: config.logLevel });
const store = await openStore(config, log);
const server = createGroupmapServer(config, { logger: log, store });
const port = await server.listen();
const url = config.publicUrl;
log.info('server.listening', {
  url,
  port,
  store: config.store?.kind === 'postgres' ? `postgres (node ${config.store.nodeId})` : `sqlite (${config.dataDir})`,
  node: process.version,
  facilitatorSignIn: config.oidc ? 'required' : 'off',
});
process.stdout.write(`\n  groupmap is running: open ${url}\n\n`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await server.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
