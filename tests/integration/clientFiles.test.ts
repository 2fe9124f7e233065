/**
 * The built client as browsers get it: compressed (brotli, else gzip, as the build made them),
 * hashed files cached for a year, the page revalidated each load, and the API compressed too.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

/** A build's output in miniature: a page, a hashed chunk with its .br and .gz copies, and an icon. */
function fakeBuild(): { dir: string; chunk: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  const chunk = `export const board = ${JSON.stringify('tldraw '.repeat(4000))};\n`;
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>groupmap</title><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets/Board-abc123.js'), chunk);
  fs.writeFileSync(path.join(dir, 'assets/Board-abc123.js.br'), zlib.brotliCompressSync(chunk));
  fs.writeFileSync(path.join(dir, 'assets/Board-abc123.js.gz'), zlib.gzipSync(chunk));
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return { dir, chunk };
}

/** A raw GET, so the body arrives as sent (fetch would decode it). */
function get(
  url: string,
  acceptEncoding: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': acceptEncoding, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

describe('client files', () => {
  it('sends the build’s brotli copy to a browser that takes it, gzip to one that takes only gzip', async () => {
    const { dir, chunk } = fakeBuild();
    t = await startTestServer({ clientDir: dir });
    const br = await get(`${t.url}/assets/Board-abc123.js`, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(chunk);
    expect(br.body.length).toBeLessThan(chunk.length / 10);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    const gz = await get(`${t.url}/assets/Board-abc123.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(chunk);
    const plain = await get(`${t.url}/assets/Board-abc123.js`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(chunk);
  });

  it('caches hashed files for a year and revalidates the page and unhashed files on every load', async () => {
    const { dir } = fakeBuild();
    t = await startTestServer({ clientDir: dir });
    const chunk = await get(`${t.url}/assets/Board-abc123.js`, 'br');
    expect(chunk.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gone = await get(`${t.url}/assets/Board-old999.js`, 'br');
    expect(gone.status).toBe(404); // an old chunk after a deploy: not the page in its place
    for (const route of ['/', '/s/abc', '/join/ABCD-EFGH', '/favicon.svg']) {
      const res = await get(`${t.url}${route}`, 'br');
      expect(res.headers['cache-control'], route).toBe('no-cache');
    }
  });

  it('compresses the API’s larger answers on the fly: a Markdown pack', async () => {
    const { dir } = fakeBuild();
    t = await startTestServer({ clientDir: dir });
    const s = await createSession(t.url);
    const F = new TestClient(t.url, s.facilitatorToken);
    try {
      await F.connected();
      for (let i = 0; i < 5; i++) await F.ok({ type: 'stage.advance' });
      for (let i = 1; i <= 20; i++)
        await F.ok({
          type: 'item.submit',
          itemId: `item-${String(i).padStart(4, '0')}`,
          stageId: 'working-well',
          text: `Who notices first when things go well at home, question ${i}?`,
        });
      await F.ok({ type: 'stage.handOver' });
    } finally {
      F.close();
    }
    const res = await get(`${t.url}/api/sessions/${s.sessionId}/pack.md`, 'gzip', {
      authorization: `Bearer ${s.facilitatorToken}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.body).toString()).toContain('question 20?');
  });
});
