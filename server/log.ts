/**
 * Operational log, one JSON object a line. Case content never goes here: callers pass ids,
 * roles, command types and error codes only, and `fields` is checked against an allow-list so a
 * careless call cannot leak an item's text.
 */
const ALLOWED = new Set([
  'sessionId', 'memberId', 'role', 'type', 'code', 'seq', 'ms', 'sessions', 'url', 'port', 'dataDir',
  'reason', 'count', 'transport', 'error',
]);

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

function write(stream: NodeJS.WritableStream, level: string, event: string, fields: LogFields = {}): void {
  const safe: LogFields = {};
  for (const [k, v] of Object.entries(fields)) if (ALLOWED.has(k)) safe[k] = v;
  stream.write(`${JSON.stringify({ t: new Date().toISOString(), level, event, ...safe })}\n`);
}

export function createLogger(stream: NodeJS.WritableStream = process.stdout): Logger {
  return {
    info: (e, f) => write(stream, 'info', e, f),
    warn: (e, f) => write(stream, 'warn', e, f),
    error: (e, f) => write(stream, 'error', e, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
