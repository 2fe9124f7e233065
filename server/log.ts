/**
 * Operational log: pino, one JSON object a line ({"level","time",...fields,"event"}). Case
 * content never goes here: callers pass ids, roles, command types and error codes only, and
 * `fields` is checked against an allow-list so a careless call cannot leak an item's text.
 */
import { pino } from 'pino';
import type { LogLevel } from './config.js';

const ALLOWED = new Set([
  'sessionId',
  'memberId',
  'role',
  'type',
  'code',
  'seq',
  'ms',
  'sessions',
  'url',
  'port',
  'dataDir',
  'reason',
  'count',
  'transport',
  'error',
  'node',
  'file',
]);

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

function allowed(fields: LogFields = {}): LogFields {
  const safe: LogFields = {};
  for (const [k, v] of Object.entries(fields)) if (ALLOWED.has(k)) safe[k] = v;
  return safe;
}

export function createLogger(options: { stream?: NodeJS.WritableStream; level?: LogLevel } = {}): Logger {
  const log = pino(
    {
      level: options.level ?? 'info',
      messageKey: 'event',
      // No pid or hostname on every line; levels as words, times as ISO 8601.
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous: a handful of lines per session, and the last ones before a crash must not be lost.
    options.stream ?? pino.destination({ fd: 1, sync: true }),
  );
  return {
    info: (event, fields) => log.info(allowed(fields), event),
    warn: (event, fields) => log.warn(allowed(fields), event),
    error: (event, fields) => log.error(allowed(fields), event),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
