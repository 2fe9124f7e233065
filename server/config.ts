/**
 * Settings from the environment, with defaults that work on a laptop in a meeting room. One zod
 * schema reads them all: a value it cannot use stops the server at start with a message naming
 * the variable, never a silent fallback (a typo such as GROUPMAP_DURABILITY=norma used to mean
 * "full" without a word).
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PROTECTIVE_MARKING } from '../shared/pack.js';
import { MAX_RETENTION_DAYS } from '../shared/record.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Base of the links and QR codes handed out. Phones must be able to reach it. */
  publicUrl: string;
  durability: 'full' | 'normal';
  /** Directory of the built client; served when present. */
  clientDir: string | null;
  /** The marking printed at the top and bottom of every pack page. */
  protectiveMarking?: string;
  /** Origins besides PUBLIC_URL's allowed to open sockets (a dev server, say). */
  allowedOrigins?: string[];
  /** tldraw's licence key, handed to the board in browsers; production deployments must set it. */
  tldrawLicenseKey?: string;
  /** Days a session is kept after it ends (or after its last change, if never ended), then purged. */
  retentionDays?: number;
  /** New sessions per address per hour (default 20). */
  sessionsPerHour?: number;
  /** Express's 'trust proxy' (hops or addresses), so rate limits see people, not the proxy. */
  trustProxy?: string | number | false;
  /** The least severe operational log line written. */
  logLevel?: LogLevel;
  /** The time zone the record prints the meeting's times in (IANA name). */
  timeZone?: string;
  /** Megabytes of commands one session may log (default 16). */
  sessionQuotaMb?: number;
  /** Megabytes each store file may grow to; past it, writes are refused as on a full disk (unset: the disk's size). */
  storeLimitMb?: number;
  /** When set, only facilitators signed in through this OpenID Connect provider may create sessions. */
  oidc?: OidcConfig;
  /** Where sessions are kept: the embedded SQLite files (default), or PostgreSQL shared by one or more nodes. */
  store?: StoreConfig;
}

export type StoreConfig =
  | { kind: 'sqlite' }
  | {
      kind: 'postgres';
      databaseUrl: string;
      nodeId: string;
      /** How many nodes share the database: per-address limits are kept per node, so each node takes its share. */
      nodes: number;
    };

export interface OidcConfig {
  /** The provider's issuer URL, for example https://login.microsoftonline.com/<tenant>/v2.0. */
  issuer: string;
  clientId: string;
  /** Also the root of the key sealing sign-in cookies: every node sharing it opens the others' cookies. */
  clientSecret: string;
  /** The claim that lists a person's groups or roles, and the value that may create sessions (unset: anyone signed in). */
  groupClaim: string;
  group?: string;
  /** How the sign-in button names the provider ("Sign in with …"). */
  providerName: string;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Fourteen days after the session ends: the policy asks for the child's record to be updated within
 * 5 working days (REC-7), and a bank holiday or leave should not lose the record before that.
 */
export const DEFAULT_RETENTION_DAYS = 14;
/** New sessions one address may create in an hour: a practice lead makes a few a day. */
export const DEFAULT_SESSIONS_PER_HOUR = 20;
/**
 * Megabytes of commands one session may log unless GROUPMAP_SESSION_QUOTA_MB says otherwise. The
 * whole-session test logs 6.6 KB in 68 commands; a real room's few hundred commands of 100 to 200
 * bytes stay under 100 KB, so this is far above any meeting and far below a flood's 800 MB.
 */
export const DEFAULT_SESSION_QUOTA_MB = 16;
/** Five working days are at least seven calendar days: nothing shorter is accepted. */
export const MIN_RETENTION_DAYS = 7;

/** A configuration value the server cannot use; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose values are never repeated in an error message. */
const SECRET = new Set(['TLDRAW_LICENSE_KEY', 'GROUPMAP_OIDC_CLIENT_SECRET', 'GROUPMAP_DATABASE_URL']);

const origin = z.url({
  protocol: /^https?$/,
  error: 'must be an http or https origin such as https://groupmap.example.org',
});

const Env = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number (0 to 65535)' })
    .int('must be a port number (0 to 65535)')
    .min(0, 'must be a port number (0 to 65535)')
    .max(65535, 'must be a port number (0 to 65535)')
    .default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be the http or https address people open, such as https://groupmap.example.org',
    })
    .optional(),
  GROUPMAP_DATA_DIR: z.string().default('data'),
  GROUPMAP_DURABILITY: z.enum(['full', 'normal'], { error: 'must be "full" or "normal"' }).default('full'),
  GROUPMAP_CLIENT_DIR: z.string().default('dist/client'),
  GROUPMAP_PROTECTIVE_MARKING: z.string().max(80, 'must be at most 80 characters').default(DEFAULT_PROTECTIVE_MARKING),
  GROUPMAP_ALLOWED_ORIGINS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin))
    .default([]),
  GROUPMAP_RETENTION_DAYS: z.coerce
    .number({ error: `must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}` })
    .int(`must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`)
    .min(MIN_RETENTION_DAYS, `must be at least ${MIN_RETENTION_DAYS} days (5 working days)`)
    .max(MAX_RETENTION_DAYS, `must be at most ${MAX_RETENTION_DAYS} days`)
    .default(DEFAULT_RETENTION_DAYS),
  // Replaced by GROUPMAP_RETENTION_DAYS: refused rather than ignored, so nobody keeps less than they think.
  GROUPMAP_RETENTION_HOURS: z
    .never({ error: 'is no longer read: set GROUPMAP_RETENTION_DAYS (default 14, counted from the end)' })
    .optional(),
  // Express reads a hop count, or addresses and subnets (or names such as "loopback"), comma-separated.
  GROUPMAP_TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/, -]+$/, "must be the number of proxy hops, or the proxies' addresses separated by commas")
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : v))
    .optional(),
  GROUPMAP_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be a time zone name such as Europe/London')
    .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  GROUPMAP_SESSIONS_PER_HOUR: z.coerce
    .number({ error: 'must be a whole number of new sessions per address per hour, at least 1' })
    .int('must be a whole number of new sessions per address per hour, at least 1')
    .min(1, 'must be at least 1')
    .default(DEFAULT_SESSIONS_PER_HOUR),
  GROUPMAP_SESSION_QUOTA_MB: z.coerce
    .number({ error: 'must be a number of megabytes, at least 1' })
    .min(1, 'must be at least 1 (megabyte)')
    .default(DEFAULT_SESSION_QUOTA_MB),
  GROUPMAP_STORE_LIMIT_MB: z.coerce
    .number({ error: 'must be a number of megabytes, at least 1' })
    .min(1, 'must be at least 1 (megabyte)')
    .optional(),
  GROUPMAP_OIDC_ISSUER: z
    .url({
      protocol: /^https?$/,
      error: "must be the identity provider's issuer URL, such as https://login.example.org",
    })
    // Plain http only to this machine (a provider run beside it in a test); anything else would send secrets in clear.
    .refine((u) => u.startsWith('https:') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u), {
      error: 'must use https (plain http only to this machine)',
    })
    .optional(),
  GROUPMAP_OIDC_CLIENT_ID: z.string().max(200, 'must be at most 200 characters').optional(),
  GROUPMAP_OIDC_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').max(500).optional(),
  GROUPMAP_OIDC_GROUP: z.string().max(200, 'must be at most 200 characters').optional(),
  GROUPMAP_OIDC_GROUP_CLAIM: z
    .string()
    .regex(/^[\w:./-]{1,100}$/, 'must be a claim name such as groups or roles')
    .default('groups'),
  GROUPMAP_OIDC_PROVIDER_NAME: z.string().max(60, 'must be at most 60 characters').default('your work account'),
  GROUPMAP_STORE: z.enum(['sqlite', 'postgres'], { error: 'must be "sqlite" or "postgres"' }).default('sqlite'),
  GROUPMAP_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  GROUPMAP_NODE_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be a short name of letters, digits, dots and dashes')
    .default(
      () =>
        os
          .hostname()
          .replace(/[^\w.-]/g, '-')
          .slice(0, 64) || 'node',
    ),
  GROUPMAP_NODES: z.coerce
    .number({ error: 'must be the number of nodes sharing the database, at least 1' })
    .int('must be a whole number of nodes')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .default(1),
  GROUPMAP_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  TLDRAW_LICENSE_KEY: z.string().default(''),
});

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The first non-internal IPv4 address, so phones on the same network can open the links. */
function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset, as shells and compose files often leave them.
  const given = Object.fromEntries(
    Object.keys(Env.shape).flatMap((key) => (env[key]?.trim() ? [[key, env[key]!.trim()]] : [])),
  );
  const parsed = Env.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      const value = SECRET.has(key) ? '' : ` (it is "${given[key]}")`;
      return `${key} ${issue.message}${value}`;
    });
    throw new ConfigError(`groupmap cannot start: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const oidcGiven = ['GROUPMAP_OIDC_ISSUER', 'GROUPMAP_OIDC_CLIENT_ID', 'GROUPMAP_OIDC_CLIENT_SECRET'] as const;
  if (oidcGiven.some((key) => e[key] !== undefined)) {
    const missing = oidcGiven.filter((key) => e[key] === undefined);
    if (missing.length > 0)
      throw new ConfigError(`groupmap cannot start: facilitator sign-in also needs ${missing.join(' and ')}`);
    // The provider sends people back to an address registered with it: a guessed LAN address would not be.
    if (!e.PUBLIC_URL)
      throw new ConfigError(
        'groupmap cannot start: facilitator sign-in needs PUBLIC_URL (its /auth/callback is registered with the provider)',
      );
  }
  if (e.GROUPMAP_STORE === 'postgres' && !e.GROUPMAP_DATABASE_URL)
    throw new ConfigError('groupmap cannot start: GROUPMAP_STORE=postgres needs GROUPMAP_DATABASE_URL');
  const publicHost = e.HOST === '0.0.0.0' ? (lanAddress() ?? 'localhost') : e.HOST;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.GROUPMAP_DATA_DIR),
    publicUrl: (e.PUBLIC_URL ?? `http://${publicHost}:${e.PORT}`).replace(/\/$/, ''),
    durability: e.GROUPMAP_DURABILITY,
    clientDir: path.resolve(e.GROUPMAP_CLIENT_DIR),
    protectiveMarking: e.GROUPMAP_PROTECTIVE_MARKING,
    allowedOrigins: e.GROUPMAP_ALLOWED_ORIGINS,
    tldrawLicenseKey: e.TLDRAW_LICENSE_KEY,
    trustProxy: e.GROUPMAP_TRUST_PROXY ?? false,
    retentionDays: e.GROUPMAP_RETENTION_DAYS,
    logLevel: e.GROUPMAP_LOG_LEVEL,
    timeZone: e.GROUPMAP_TIME_ZONE,
    sessionsPerHour: e.GROUPMAP_SESSIONS_PER_HOUR,
    sessionQuotaMb: e.GROUPMAP_SESSION_QUOTA_MB,
    ...(e.GROUPMAP_STORE_LIMIT_MB !== undefined ? { storeLimitMb: e.GROUPMAP_STORE_LIMIT_MB } : {}),
    store:
      e.GROUPMAP_STORE === 'postgres' && e.GROUPMAP_DATABASE_URL
        ? {
            kind: 'postgres',
            databaseUrl: e.GROUPMAP_DATABASE_URL,
            nodeId: e.GROUPMAP_NODE_ID,
            nodes: e.GROUPMAP_NODES,
          }
        : { kind: 'sqlite' },
    ...(e.GROUPMAP_OIDC_ISSUER && e.GROUPMAP_OIDC_CLIENT_ID && e.GROUPMAP_OIDC_CLIENT_SECRET
      ? {
          oidc: {
            issuer: e.GROUPMAP_OIDC_ISSUER,
            clientId: e.GROUPMAP_OIDC_CLIENT_ID,
            clientSecret: e.GROUPMAP_OIDC_CLIENT_SECRET,
            groupClaim: e.GROUPMAP_OIDC_GROUP_CLAIM,
            ...(e.GROUPMAP_OIDC_GROUP ? { group: e.GROUPMAP_OIDC_GROUP } : {}),
            providerName: e.GROUPMAP_OIDC_PROVIDER_NAME,
          },
        }
      : {}),
  };
}
