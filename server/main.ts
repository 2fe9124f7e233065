/** `npm start`: the server and the built client on one port. */
import { createGroupmapServer } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';

const config = loadConfig();
const log = createLogger();
const server = createGroupmapServer(config, { logger: log });
const port = await server.listen();
const url = config.publicUrl;
log.info('server.listening', { url, port, dataDir: config.dataDir });
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
