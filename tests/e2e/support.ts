/** Shared pieces of the browser tests: a real server with the built client, axe, screenshots. */

import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import type { TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

export const SCREENSHOTS = path.resolve('tests/artifacts/screens');

export async function startAppServer(dataDir?: string, port?: number): Promise<TestServer> {
  const clientDir = path.resolve('dist/client');
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) throw new Error('build the client first: npm run build');
  return startTestServer({ clientDir, ...(dataDir ? { dataDir } : {}), ...(port ? { port } : {}) });
}

/**
 * Opens a member's session page in a browser of its own, with their token already saved in it as
 * their link would leave it; confirmations are accepted. The context joins `contexts` for closing.
 */
export async function openAs(
  browser: Browser,
  where: { server: TestServer; contexts: BrowserContext[] },
  member: { sessionId: string; token: string },
  viewport: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  where.contexts.push(context);
  await context.addInitScript(
    ([id, t]) => localStorage.setItem(`groupmap:token:${id}`, t!),
    [member.sessionId, member.token],
  );
  const page = watchCsp(await context.newPage());
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${where.server.url}/s/${member.sessionId}`);
  return page;
}

/**
 * One app server for a whole spec file, started before its first test and stopped after its last,
 * with the browsers and socket clients its tests open, closed with it.
 */
export function appServerForFile() {
  const file = {
    server: undefined as unknown as TestServer,
    contexts: [] as BrowserContext[],
    clients: [] as TestClient[],
    /** A member's page in a browser of its own (see openAs). */
    openAs: (browser: Browser, sessionId: string, token: string, viewport: { width: number; height: number }) =>
      openAs(browser, file, { sessionId, token }, viewport),
  };
  test.beforeAll(async () => {
    file.server = await startAppServer();
  });
  test.afterAll(async () => {
    for (const c of file.clients) c.close();
    for (const c of file.contexts) await c.close();
    await file.server?.stop();
  });
  return file;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core on the whole page: no violation of any impact (minor ones included). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Judged once the app has rendered, not the empty page before it.
  await expect(page.getByRole('main').first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
  expect(found, `accessibility of ${what}`).toEqual([]);
}

/** The server-time deadline a page's countdown shows (see Countdown's data-deadline). */
export async function deadlineOf(page: Page, label: string): Promise<number> {
  const value = await page.getByRole('timer', { name: label }).getAttribute('data-deadline');
  if (!value) throw new Error(`${label} is not running`);
  return Number(value);
}

/** Content-Security-Policy refusals seen in any watched page: the built client must cause none. */
export const cspViolations: string[] = [];

export function watchCsp(page: Page): Page {
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to (load|connect|execute|apply|create)/i.test(msg.text()))
      cspViolations.push(msg.text());
  });
  return page;
}
