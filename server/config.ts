/** Settings from the environment, with defaults that work on a laptop in a meeting room. */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PROTECTIVE_MARKING } from '../shared/pack.js';

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
  /** Sessions idle longer than this are purged, with their boards and packs. */
  retentionHours?: number;
  /** Express's 'trust proxy' (hops or addresses), so rate limits see people, not the proxy. */
  trustProxy?: string | number | false;
}

/** Three days: time to download the pack after the meeting, not long enough to become a case record. */
export const DEFAULT_RETENTION_HOURS = 72;

/** The first non-internal IPv4 address, so phones on the same network can open the links. */
function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const host = env.HOST ?? '0.0.0.0';
  const durability = env.GROUPMAP_DURABILITY === 'normal' ? 'normal' : 'full';
  const publicHost = host === '0.0.0.0' ? (lanAddress() ?? 'localhost') : host;
  return {
    port,
    host,
    dataDir: path.resolve(env.GROUPMAP_DATA_DIR ?? 'data'),
    publicUrl: (env.PUBLIC_URL ?? `http://${publicHost}:${port}`).replace(/\/$/, ''),
    durability,
    clientDir: path.resolve(env.GROUPMAP_CLIENT_DIR ?? 'dist/client'),
    protectiveMarking: env.GROUPMAP_PROTECTIVE_MARKING?.trim() || DEFAULT_PROTECTIVE_MARKING,
    allowedOrigins: (env.GROUPMAP_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    tldrawLicenseKey: env.TLDRAW_LICENSE_KEY?.trim() ?? '',
    trustProxy: env.GROUPMAP_TRUST_PROXY ? (/^\d+$/.test(env.GROUPMAP_TRUST_PROXY) ? Number(env.GROUPMAP_TRUST_PROXY) : env.GROUPMAP_TRUST_PROXY) : false,
    retentionHours: positiveNumber(env.GROUPMAP_RETENTION_HOURS, DEFAULT_RETENTION_HOURS, 'GROUPMAP_RETENTION_HOURS'),
  };
}

function positiveNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${value}`);
  return n;
}
