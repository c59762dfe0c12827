import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { Solifyn } from 'solifyn';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { docsPortalDir } from '../../src/spec';
import {
  type Browser,
  browserAvailability,
  launchChromium,
  type LiveServer,
  startServer,
  watchForProblems,
} from './harness';

const availability = browserAvailability();
if (!availability.run) console.warn(`\n[browser] ${availability.reason}\n`);

const resultsDir = fileURLToPath(new URL('../../test-results/docs/', import.meta.url));
const spec = JSON.parse(readFileSync(new URL('../../../../openapi/dist/openapi.json', import.meta.url), 'utf8'));
type SpecOperation = { operationId: string; 'x-codeSamples': { source: string }[] };
const specOperations: SpecOperation[] = [spec.paths, spec.webhooks].flatMap(
  (items: Record<string, Record<string, SpecOperation>>) => Object.values(items).flatMap((item) => Object.values(item)),
);

describe.skipIf(!availability.run)('docs portal in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let solifyn: Solifyn;
  let page: Page;
  /** Every request the browser tried to send to another origin (each one is aborted). */
  const leaving: string[] = [];
  /** Every request the pages made, to check where the key went. */
  const requests: Request[] = [];
  let problems: string[];

  beforeAll(async () => {
    if (!existsSync(`${docsPortalDir}index.html`))
      throw new Error('docs portal not built: pnpm --filter @solifyn/docs build');
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    solifyn = new Solifyn({ apiKey: server.key, baseUrl: server.baseUrl, maxRetries: 0 });
    mkdirSync(resultsDir, { recursive: true });
    const origin = new URL(server.baseUrl).origin;
    await browser.context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || new URL(url).origin === origin) return route.fallback();
      leaving.push(url);
      return route.abort('blockedbyclient');
    });
    browser.context.on('request', (request) => requests.push(request));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    problems = [];
    page = await browser.context.newPage();
    watchForProblems(page, problems);
  });
  afterEach(async () => {
    await page.close();
    // Script errors and CSP violations (logged as console errors) fail the test that caused them.
    expect(problems).toEqual([]);
    expect(leaving).toEqual([]);
  });

  async function openTryIt(operationId: string): Promise<void> {
    await page.goto(`${server.baseUrl}/docs/reference/${operationId}`);
    await page.locator('#try-it').scrollIntoViewIfNeeded();
  }

  async function send(): Promise<void> {
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.locator('[data-try-result]').waitFor({ state: 'visible' });
  }

  describe('happy', () => {
    it('every operation and webhook page shows its TypeScript SDK tab, selected, with the sample in full', async () => {
      expect(specOperations.length).toBeGreaterThan(20);
      for (const { operationId, 'x-codeSamples': samples } of specOperations) {
        const response = await page.goto(`${server.baseUrl}/docs/reference/${operationId}`);
        expect(response?.status(), operationId).toBe(200);
        const tab = page.getByRole('tab', { name: 'TypeScript SDK' });
        expect(await tab.isVisible(), operationId).toBe(true);
        expect(await tab.getAttribute('aria-selected'), operationId).toBe('true');
        const code = page.locator('[data-tabs="sample"] [data-panel="typescript"] pre');
        expect(await code.isVisible(), operationId).toBe(true);
        const shown = await code.innerText();
        for (const line of samples[0]!.source.split('\n').filter((l) => l.trim()))
          expect(shown, operationId).toContain(line);
      }
    });

    it('shows the sample uncut at 1400 px, curl with this origin, and the request and response examples', async () => {
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(`${server.baseUrl}/docs/reference/createCheckoutSession`);
      const code = page.locator('[data-tabs="sample"] [data-panel="typescript"] pre');
      const overflow = await code.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const box = await code.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(1400);
      await page.screenshot({ path: `${resultsDir}reference-create-checkout.png` });

      await page.getByRole('tab', { name: 'curl' }).click();
      const curl = await page.locator('[data-tabs="sample"] [data-panel="curl"] pre').innerText();
      expect(curl).toContain(`curl '${server.baseUrl}/v1/checkout/create'`);
      expect(curl).toContain('Authorization: Bearer sk_test_…');
      expect(await page.locator('[data-tabs="sample"] [data-panel="typescript"]').isHidden()).toBe(true);
      await page.screenshot({ path: `${resultsDir}reference-curl.png` });
      // The chosen language is kept on the next page.
      await page.goto(`${server.baseUrl}/docs/reference/listProducts`);
      expect(await page.getByRole('tab', { name: 'curl' }).getAttribute('aria-selected')).toBe('true');
      await page.getByRole('tab', { name: 'TypeScript SDK' }).click();

      await page.goto(`${server.baseUrl}/docs/reference/createCheckoutSession`);
      const panel = page.locator('.op-panel');
      expect(await panel.getByText('Request example').isVisible()).toBe(true);
      expect(await panel.getByRole('tab', { name: '201' }).isVisible()).toBe(true);
      await panel.getByRole('tab', { name: '422' }).click();
      expect(await panel.locator('[data-panel="422"]').innerText()).toContain('idempotency_key_reused');
    });

    it('try it: a test key creates a checkout (201), the key stays in the tab and goes only into Authorization', async () => {
      const product = await solifyn.products.create({
        name: 'Pro icon pack',
        pricingType: 'fixed',
        prices: [{ currency: 'usd', amount: 29 }],
      });
      await openTryIt('createCheckoutSession');
      await page.getByLabel('Test secret key').fill(server.key);
      const body = page.getByLabel(/^Body/);
      const example = JSON.parse(await body.inputValue());
      await body.fill(JSON.stringify({ ...example, productId: product.id }, null, 2));
      const first = requests.length;
      await send();
      const status = await page.locator('[data-try-status]').innerText();
      expect(status).toMatch(/^201/);
      const shown = JSON.parse(await page.locator('[data-try-response]').innerText());
      expect(shown.checkout_url).toContain(`/checkout/test/${product.id}?checkout_id=${shown.id}`);
      expect(await page.locator('[data-try-headers]').textContent()).toMatch(/request-id: req_/);
      const session = await solifyn.checkout.retrieve(shown.id);
      expect([session.status, session.product_id, session.customer_email]).toEqual([
        'open',
        product.id,
        example.customerEmail,
      ]);
      await page.screenshot({ path: `${resultsDir}try-it-201.png`, fullPage: true });

      const sent = requests.slice(first).filter((r) => new URL(r.url()).pathname === '/v1/checkout/create');
      expect(sent).toHaveLength(1);
      expect(await sent[0]!.headerValue('authorization')).toBe(`Bearer ${server.key}`);
      expect(requests.some((r) => r.url().includes(server.key))).toBe(false);
      expect(page.url()).not.toContain(server.key);
      // Kept for this tab only: the next operation's page has it, nothing persistent does.
      expect(await page.evaluate(() => sessionStorage.getItem('solifyn-docs:test-key'))).toBe(server.key);
      expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(server.key);
      await openTryIt('listCheckoutSessions');
      expect(await page.getByLabel('Test secret key').inputValue()).toBe(server.key);
      await send();
      expect(await page.locator('[data-try-status]').innerText()).toMatch(/^200/);
      expect(await page.locator('[data-try-response]').innerText()).toContain(shown.id);
    });

    it('following the type link of a real 400 lands on its entry in the error reference', async () => {
      await openTryIt('createCheckoutSession');
      await page.getByLabel('Test secret key').fill(server.key);
      await page.getByLabel(/^Body/).fill(JSON.stringify({ productId: 'prod_7oQUIde2kLxV9a', quantity: 1000 }));
      await send();
      expect(await page.locator('[data-try-status]').innerText()).toMatch(/^400/);
      const problem = JSON.parse(await page.locator('[data-try-response]').innerText());
      expect(problem.code).toBe('validation_failed');
      expect(problem.type).toBe(`${server.baseUrl}/docs/errors/validation_failed`);
      await page.locator('[data-try-problem-type]').click();
      await page.waitForURL(problem.type);
      expect(await page.locator('h1').innerText()).toBe('validation_failed');
      expect(await page.getByText('How to fix it').isVisible()).toBe(true);
      expect(await page.locator('.op-list a[href="../reference/createCheckoutSession"]').count()).toBe(1);
      await page.screenshot({ path: `${resultsDir}error-validation-failed.png`, fullPage: true });
    });

    it('search finds operations, guide sections and error codes, and opens the one chosen', async () => {
      await page.goto(`${server.baseUrl}/docs/`);
      await page.keyboard.press('/');
      await page.keyboard.type('idempotency');
      const results = page.locator('#search-results a');
      await results.first().waitFor();
      const kinds = await page.locator('#search-results .kind').allInnerTexts();
      expect(kinds.map((k) => k.toLowerCase())).toEqual(expect.arrayContaining(['guide', 'error', 'reference']));
      await page.screenshot({ path: `${resultsDir}search.png` });
      await page.locator('#search').fill('discount_expired');
      await page.locator('#search-results a').first().waitFor();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.baseUrl}/docs/errors/discount_expired`);
      await page.locator('#search').fill('verify signature');
      await page.locator('#search-results a', { hasText: 'Webhooks' }).first().click();
      await page.waitForURL(/\/docs\/guides\/webhooks/);
    });

    it('guides and the changelog render with the reference; dark mode follows the system and the toggle', async () => {
      await page.goto(`${server.baseUrl}/docs/guides/quickstart`);
      expect(await page.locator('h1').innerText()).toBe('Quickstart');
      expect(await page.locator('pre', { hasText: 'solifyn.checkout.createSession' }).count()).toBeGreaterThan(0);
      await page.locator('#sidebar').getByRole('link', { name: 'Changelog', exact: true }).click();
      await page.waitForURL(/\/docs\/changelog/);
      await page.locator('h2', { hasText: 'Unreleased' }).waitFor({ state: 'visible' });
      expect(await page.locator('h2', { hasText: '1.0.0' }).isVisible()).toBe(true);

      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`${server.baseUrl}/docs/reference/createCheckoutSession`);
      expect(await background()).toBe('rgb(13, 17, 23)');
      await page.screenshot({ path: `${resultsDir}reference-dark.png` });
      await page.getByRole('button', { name: 'Switch between light and dark mode' }).click();
      expect(await background()).toBe('rgb(255, 255, 255)');
      await page.reload();
      expect(await background()).toBe('rgb(255, 255, 255)');
      await page.evaluate(() => localStorage.removeItem('solifyn-docs:theme'));
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('is usable at phone width: no sideways scrolling, the navigation opens as a menu, samples follow the text', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of ['', 'reference/createCheckoutSession', 'guides/webhooks', 'errors', 'errors/rate_limited']) {
        await page.goto(`${server.baseUrl}/docs/${path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect([path, width]).toEqual([path, 390]);
      }
      await page.goto(`${server.baseUrl}/docs/reference/createCheckoutSession`);
      expect(await page.locator('#sidebar').isVisible()).toBe(false);
      await page.screenshot({ path: `${resultsDir}phone-reference.png`, fullPage: true });
      await page.getByRole('button', { name: 'Menu' }).click();
      expect(await page.locator('#sidebar').isVisible()).toBe(true);
      await page.screenshot({ path: `${resultsDir}phone-menu.png` });
      await page.locator('#sidebar').getByRole('link', { name: 'Retrieve an order' }).click();
      await page.waitForURL(/\/docs\/reference\/retrieveOrder$/);
      expect(await page.getByRole('tab', { name: 'TypeScript SDK' }).isVisible()).toBe(true);
    });
  });

  describe('security', () => {
    it('refuses a live key without sending anything, and forgets it', async () => {
      await openTryIt('createCheckoutSession');
      const first = requests.length;
      await page.getByLabel('Test secret key').fill('sk_live_4eC39HqLyjWDarjtT1zdp7dc');
      await page.getByRole('button', { name: 'Send request' }).click();
      const error = page.locator('[data-try-error]');
      await error.waitFor({ state: 'visible' });
      expect(await error.innerText()).toMatch(/Live keys are refused/);
      expect(await page.getByLabel('Test secret key').inputValue()).toBe('');
      expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('sk_live_');
      expect(await page.locator('[data-try-result]').isHidden()).toBe(true);
      await page.getByLabel('Test secret key').fill('not-a-key');
      await page.getByRole('button', { name: 'Send request' }).click();
      expect(await error.innerText()).toMatch(/starts with sk_test_/);
      await page.getByLabel('Test secret key').press('Enter');
      expect(requests.slice(first).filter((r) => new URL(r.url()).pathname.startsWith('/v1/'))).toEqual([]);
      expect(page.url()).toBe(`${server.baseUrl}/docs/reference/createCheckoutSession`);
      await page.screenshot({ path: `${resultsDir}try-it-live-key-refused.png` });
    });

    it('sends nothing to another origin: the CSP allows only this one, and the pages ask for nothing else', async () => {
      const response = await page.goto(`${server.baseUrl}/docs/`);
      const csp = (await response!.allHeaders())['content-security-policy']!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("form-action 'none'");
      // An attempt to reach out (as a tracker would) is blocked by the CSP and reported as a console error.
      const blocked = await page.evaluate(() =>
        fetch('https://cdn.example.com/x.js').then(
          () => 'sent',
          () => 'blocked',
        ),
      );
      expect(blocked).toBe('blocked');
      problems = problems.filter((p) => !p.includes('cdn.example.com'));
      expect(leaving).toEqual([]);
    });
  });
});
