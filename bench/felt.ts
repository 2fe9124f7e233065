/**
 * Speed as people feel it: a real Chromium on a slow network and a slow CPU (150 ms round trip,
 * 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower), every load from a cold cache. Three figures:
 * a phone from its invitation link to a join form it can type in, and the facilitator's console
 * and the projector from opening the session to a synced board. The median of `runs` loads each.
 * `uncompressed` makes the browser refuse compression (Accept-Encoding: identity), the baseline
 * measured beside it in the same run.
 */
import { performance } from 'node:perf_hooks';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { createSession, inviteSecret, join } from '../tests/helpers/client.js';
import { tempDataDir } from '../tests/helpers/server.js';
import { spawnServer } from '../tests/helpers/serverProcess.js';
import { median } from './fanout.js';

export interface FeltResult {
  phoneJoinFormMs: number;
  consoleBoardMs: number;
  screenBoardMs: number;
  /** Bytes over the wire for one cold load of the console, board included. */
  consoleBytes: number;
}

const NETWORK = { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };

async function throttledPage(browser: Browser, viewport: { width: number; height: number }, uncompressed: boolean) {
  // The baseline in the same run: the browser asks for every response uncompressed.
  const context = await browser.newContext({
    viewport,
    ...(uncompressed ? { extraHTTPHeaders: { 'accept-encoding': 'identity' } } : {}),
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORK });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
  });
  return { page, bytes: () => bytes, close: () => context.close() };
}

async function timed(page: Page, url: string, ready: (page: Page) => Promise<void>): Promise<number> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  return performance.now() - started;
}

export async function measureFelt(runs = 3, uncompressed = false): Promise<FeltResult> {
  const server = await spawnServer(tempDataDir(), {
    env: { GROUPMAP_CLIENT_DIR: 'dist/client', NODE_ENV: 'production' },
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const phone: number[] = [];
  const consoleMs: number[] = [];
  const screen: number[] = [];
  let consoleBytes = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const s = await createSession(server.url, { title: `Felt ${run}`, facilitatorName: 'Fran' });
      const screenToken = (await join(server.url, { invite: inviteSecret(s, 'screen'), name: 'Screen' })).token;

      const p = await throttledPage(browser, { width: 375, height: 667 }, uncompressed);
      phone.push(
        await timed(p.page, `${server.url}/join/${s.participants.code}`, async (page) => {
          const name = page.getByLabel(/Your name/);
          await name.waitFor({ state: 'visible', timeout: 60_000 });
          await name.fill('Pat', { timeout: 60_000 });
        }),
      );
      await p.close();

      for (const [token, role, into, viewport] of [
        [s.facilitatorToken, 'facilitator', consoleMs, { width: 1366, height: 768 }],
        [screenToken, 'screen', screen, { width: 1920, height: 1080 }],
      ] as const) {
        const c = await throttledPage(browser, viewport, uncompressed);
        // As the start page and an invitation leave them: the token, and the role as a hint.
        await c.page.addInitScript(
          ([id, t, role]) => {
            localStorage.setItem(`groupmap:token:${id}`, t!);
            localStorage.setItem(`groupmap:role:${id}`, role!);
          },
          [s.sessionId, token, role],
        );
        into.push(
          await timed(c.page, `${server.url}/s/${s.sessionId}`, (page) =>
            page.locator('[data-board-status="synced-remote"]').waitFor({ state: 'attached', timeout: 120_000 }),
          ),
        );
        if (into === consoleMs) consoleBytes = c.bytes();
        await c.close();
      }
    }
  } finally {
    await browser.close();
    await server.kill();
  }
  return {
    phoneJoinFormMs: median(phone),
    consoleBoardMs: median(consoleMs),
    screenBoardMs: median(screen),
    consoleBytes,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  console.log({ compressed: await measureFelt(runs), uncompressed: await measureFelt(runs, true) });
}
