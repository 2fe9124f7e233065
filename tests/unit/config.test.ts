/** Configuration: one zod schema over the environment; a value it cannot use stops the start with the variable's name. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_RETENTION_DAYS, loadConfig } from '../../server/config.js';

describe('configuration', () => {
  it('has defaults that run on a laptop', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      durability: 'full',
      retentionDays: DEFAULT_RETENTION_DAYS,
      trustProxy: false,
      allowedOrigins: [],
      logLevel: 'info',
      tldrawLicenseKey: '',
    });
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.publicUrl).toMatch(/^http:\/\/[^/]+:3000$/);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://groupmap.example.org/',
      GROUPMAP_DATA_DIR: '/var/lib/groupmap',
      GROUPMAP_DURABILITY: 'normal',
      GROUPMAP_ALLOWED_ORIGINS: 'http://localhost:5173, https://other.example.org',
      GROUPMAP_RETENTION_DAYS: '30',
      GROUPMAP_TRUST_PROXY: '1',
      GROUPMAP_PROTECTIVE_MARKING: 'OFFICIAL',
      GROUPMAP_LOG_LEVEL: 'warn',
      TLDRAW_LICENSE_KEY: 'tldraw-key',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'https://groupmap.example.org',
      dataDir: '/var/lib/groupmap',
      durability: 'normal',
      allowedOrigins: ['http://localhost:5173', 'https://other.example.org'],
      retentionDays: 30,
      trustProxy: 1,
      protectiveMarking: 'OFFICIAL',
      logLevel: 'warn',
      tldrawLicenseKey: 'tldraw-key',
    });
    expect(loadConfig({ GROUPMAP_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ GROUPMAP_DURABILITY: '', PORT: ' ' })).toMatchObject({ durability: 'full', port: 3000 });
  });

  it.each([
    ['GROUPMAP_DURABILITY', 'norma', 'must be "full" or "normal"'],
    ['PORT', '70000', 'must be a port number'],
    ['PORT', 'eighty', 'must be a port number'],
    ['GROUPMAP_RETENTION_DAYS', '3', 'must be at least 7 days (5 working days)'],
    ['GROUPMAP_RETENTION_DAYS', 'two weeks', 'must be a whole number of days'],
    ['GROUPMAP_RETENTION_HOURS', '72', 'is no longer read: set GROUPMAP_RETENTION_DAYS'],
    ['PUBLIC_URL', 'groupmap.example.org', 'must be the http or https address'],
    ['GROUPMAP_ALLOWED_ORIGINS', 'http://ok.example.org,ftp://no.example.org', 'must be an http or https origin'],
    ['GROUPMAP_LOG_LEVEL', 'loud', 'must be one of debug, info, warn, error, silent'],
    ['GROUPMAP_TRUST_PROXY', 'true; rm -rf', 'must be the number of proxy hops'],
  ])('refuses %s=%s, naming the variable and the value', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain(`"${value}"`);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: '-1', GROUPMAP_DURABILITY: 'fast' })).toThrow(
      /PORT .*; GROUPMAP_DURABILITY|GROUPMAP_DURABILITY .*; PORT/,
    );
  });

  describe('facilitator sign-in (OpenID Connect)', () => {
    const oidc = {
      PUBLIC_URL: 'https://groupmap.example.org',
      GROUPMAP_OIDC_ISSUER: 'https://login.example.org/tenant/v2.0',
      GROUPMAP_OIDC_CLIENT_ID: 'groupmap',
      GROUPMAP_OIDC_CLIENT_SECRET: 'a-secret-of-twenty-chars',
    };

    it('is off without the issuer, and read whole with it', () => {
      expect(loadConfig({}).oidc).toBeUndefined();
      expect(loadConfig({ ...oidc, GROUPMAP_OIDC_GROUP: 'abc-123', GROUPMAP_OIDC_GROUP_CLAIM: 'roles' }).oidc).toEqual({
        issuer: 'https://login.example.org/tenant/v2.0',
        clientId: 'groupmap',
        clientSecret: 'a-secret-of-twenty-chars',
        group: 'abc-123',
        groupClaim: 'roles',
        providerName: 'your work account',
      });
    });

    it('refuses half a configuration, a guessed address, plain http to another machine, and never repeats the secret', () => {
      expect(() => loadConfig({ ...oidc, GROUPMAP_OIDC_CLIENT_SECRET: '' })).toThrow(
        'facilitator sign-in also needs GROUPMAP_OIDC_CLIENT_SECRET',
      );
      expect(() => loadConfig({ ...oidc, PUBLIC_URL: '' })).toThrow('facilitator sign-in needs PUBLIC_URL');
      expect(() => loadConfig({ ...oidc, GROUPMAP_OIDC_ISSUER: 'http://login.example.org' })).toThrow(
        'GROUPMAP_OIDC_ISSUER must use https (plain http only to this machine)',
      );
      expect(loadConfig({ ...oidc, GROUPMAP_OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc?.issuer).toBe(
        'http://127.0.0.1:9000',
      );
      let message = '';
      try {
        loadConfig({ ...oidc, GROUPMAP_OIDC_CLIENT_SECRET: 'short-secret' });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        message = (err as Error).message;
      }
      expect(message).toContain('GROUPMAP_OIDC_CLIENT_SECRET must be at least 16 characters');
      expect(message).not.toContain('short-secret');
    });
  });

  it('keeps sessions in SQLite by default, and in PostgreSQL when asked, with a node name and its share of the limits', () => {
    expect(loadConfig({}).store).toEqual({ kind: 'sqlite' });
    const url = 'postgres://groupmap:secret-password@db.example.org/groupmap';
    expect(
      loadConfig({
        GROUPMAP_STORE: 'postgres',
        GROUPMAP_DATABASE_URL: url,
        GROUPMAP_NODE_ID: 'node-a',
        GROUPMAP_NODES: '3',
      }).store,
    ).toEqual({ kind: 'postgres', databaseUrl: url, nodeId: 'node-a', nodes: 3 });
    expect(() => loadConfig({ GROUPMAP_STORE: 'postgres' })).toThrow(
      'GROUPMAP_STORE=postgres needs GROUPMAP_DATABASE_URL',
    );
    let message = '';
    try {
      loadConfig({ GROUPMAP_STORE: 'postgres', GROUPMAP_DATABASE_URL: 'mysql://user:secret-password@db/x' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('GROUPMAP_DATABASE_URL must be a postgres:// connection URL');
    expect(message).not.toContain('secret-password');
    expect(() => loadConfig({ GROUPMAP_NODE_ID: 'node a/1' })).toThrow('GROUPMAP_NODE_ID');
  });
});
