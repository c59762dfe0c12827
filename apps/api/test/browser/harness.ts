import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { type AppDeps, type Clock, systemClock } from '../../src/deps';
import { close, createServer as createApiServer, listen } from '../../src/server';
import { issueApiKey } from '../../src/store/accounts';
import { StoreCache } from '../../src/store/cache';
import type { Db } from '../../src/store/db';
import { openPglite } from '../../src/store/pglite';
import { startWebhookWorker, type WebhookWorker } from '../../src/webhooks/worker';
import { ensureTemplate, readTemplate } from '../support/template';
import { LogCapture } from '../support/log-capture';

/** Debian's package; CHROMIUM_PATH points elsewhere (e.g. a missing path, to see the skip). */
export const chromiumPath = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';

/**
 * Locally a missing Chromium skips the browser tests with a message; in CI (`CI=true`, where .ci/run installs it)
 * it fails them, so they can never silently stop running.
 */
export function browserAvailability(): { run: boolean; reason?: string } {
  if (existsSync(chromiumPath)) return { run: true };
  if (process.env.CI === 'true') return { run: true };
  return {
    run: false,
    reason: `browser tests skipped: ${chromiumPath} is missing (apt-get install -y chromium). In CI they fail instead.`,
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile directory removed afterwards. Never `playwright install`. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium not found at ${chromiumPath}: install it (CI does so in .ci/run).`);
  const userDataDir = await mkdtemp(join(tmpdir(), 'solifyn-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Collects what a page did wrong into `problems`: dialogs (dismissed), console errors (CSP violations and script
 * errors included) and uncaught exceptions. A 4xx the page shows is logged as a failed resource load: that is the
 * page working, not a problem.
 */
export function watchForProblems(page: Page, problems: string[]): void {
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
}

/** What each test of a browser suite gets from `pagePerTest`: set before the test runs. */
export interface TestPage {
  page: Page;
  /** What `page` did wrong so far (see `watchForProblems`). */
  problems: string[];
}

/** A new page for each test of the suite, in `browser()`'s context, watched for problems and closed after it. */
export function pagePerTest(browser: () => Browser): TestPage {
  const tab = {} as TestPage;
  beforeEach(async () => {
    tab.problems = [];
    tab.page = await browser().context.newPage();
    watchForProblems(tab.page, tab.problems);
  });
  afterEach(async () => {
    await tab.page?.close();
  });
  return tab;
}

/** Fills the hosted checkout's form as a customer would (a test card by default) and presses Pay. */
export async function payOnPage(
  page: Page,
  { card = '4242 4242 4242 4242', email = 'customer@example.com' }: { card?: string; email?: string } = {},
): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByLabel('Name on card').fill('Ada Lovelace');
  await page.getByRole('button', { name: /^Pay / }).click();
  await page.waitForLoadState('domcontentloaded');
}

export interface LiveServer {
  baseUrl: string;
  deps: AppDeps;
  /** A test-mode secret key. */
  key: string;
  close(): Promise<void>;
}

/**
 * The real app on a real port (127.0.0.1, chosen by the OS), PUBLIC_URL pointing at it, its own PGlite database from
 * the migrated template, and the webhook delivery worker running as in `pnpm start`. `clock`: the time the app
 * reads (default the system's), for a test that moves past an expiry.
 */
export async function startServer(options: { clock?: Clock } = {}): Promise<LiveServer> {
  const db: Db = await openPglite({ loadDataDir: readTemplate(await ensureTemplate()) });
  // The port is known only once listening, and PUBLIC_URL must name it: the app is created right after.
  let app: ReturnType<typeof createApp> | undefined;
  // Parser-level problems (431, 408) are not provoked here; their `type` points at the default portal.
  const defaults = loadConfig({});
  const server = createApiServer((request, env) => app!.fetch(request, env), defaults.http, defaults.docsUrl);
  const { port } = await listen(server, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({ PUBLIC_URL: baseUrl, DATA_DIR: '/nonexistent', WEBHOOK_POLL_INTERVAL_MS: '100' });
  const cache = new StoreCache(db);
  await cache.start();
  const deps: AppDeps = {
    config: { ...config, databaseUrl: undefined },
    db,
    cache,
    clock: options.clock ?? systemClock,
    logger: new LogCapture().logger,
  };
  app = createApp(deps);
  const worker: WebhookWorker = startWebhookWorker(deps);
  const { secret } = await issueApiKey(db, { mode: 'test' });
  return {
    baseUrl,
    deps,
    key: secret,
    async close() {
      await close(server);
      await worker.stop();
      await cache.close();
      await db.close();
    },
  };
}

export interface ReceivedWebhook {
  rawBody: string;
  headers: IncomingHttpHeaders;
}

/** A merchant's webhook receiver on 127.0.0.1: answers 200 and keeps every raw request. */
export async function startReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ rawBody: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/solifyn`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
