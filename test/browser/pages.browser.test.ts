import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkDigit } from '../../src/standards/s10.js';
import { DECLARE_ONE, declarationInput, uniqueRef } from '../support/fixtures.js';
import { launchBrowser, screenshot, seriousAxeViolations } from '../support/browser.js';
import { PII_STRINGS, piiDeclaration } from '../support/pii.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { advanceParcel, backdateParcel, DELIVERED_TIMELINE, LIFECYCLE, RELEASE_TO_DELIVERY, TO_CUSTOMS_RELEASE, type LifecycleStep } from '../support/parcel-lifecycle.js';

let server: TestServer;
let browser: Browser;

async function declare(input: Record<string, unknown> = declarationInput()): Promise<string> {
  const res = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
  expect(res.data.declareShipment.__typename).toBe('Shipment');
  return res.data.declareShipment.trackingNumber as string;
}

/** A phone-sized page, as most buyers see it. */
async function phonePage(locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale });
  return { context, page: await context.newPage() };
}

const headline = (page: Page) => page.locator('.parcel .headline').first();
const timelineCodes = (page: Page) => page.locator('ol.timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-code')));

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('tracking page in Chromium', () => {
  it('tracks a declared parcel through customs release to delivery, the timeline updating', async () => {
    const number = await declare();
    const { context, page } = await phonePage();
    await page.goto(`${server.url}/track`);
    await page.getByLabel('Tracking numbers, one per line').fill(number);
    await page.getByRole('button', { name: 'Track' }).click();
    await page.waitForURL(/\/track\?n=/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Tracking ${number}`);
    await expect(headline(page).textContent()).resolves.toContain('Declared by the seller, waiting for customs');
    // Declared: shipping information received (SGA); nobody holds the parcel yet.
    await expect(timelineCodes(page)).resolves.toEqual(['SGA']);

    // Customs assessed it at declaration; an officer releases it (EXC shows once the hub presents it).
    await advanceParcel(server, number, TO_CUSTOMS_RELEASE);
    await page.reload();
    await expect(headline(page).textContent()).resolves.toContain('Released by customs');
    await expect(page.locator('.next p').textContent()).resolves.toContain('The hub receives the parcel');
    await expect(page.locator('ol.timeline li').first().textContent()).resolves.toContain('Shipping information received');
    await screenshot(page, 'track-customs-released');

    // The hub receives and dispatches it, Russian Post takes the dispatch over (SGH) and reports each step to delivery.
    await advanceParcel(server, number, RELEASE_TO_DELIVERY);
    await page.reload();
    await expect(headline(page).textContent()).resolves.toContain('Delivered');
    await expect(timelineCodes(page)).resolves.toEqual([...DELIVERED_TIMELINE]);
    await expect(page.locator('ol.timeline li').first().textContent()).resolves.toMatch(/Delivered.*GMT\+3.*Russia/s);
    await screenshot(page, 'track-delivered');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it('switches language with the switcher and remembers it; Accept-Language sets the default', async () => {
    const number = await declare();
    await advanceParcel(server, number, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched]);
    const { context, page } = await phonePage('en-GB');
    await page.goto(`${server.url}/track/${number}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(headline(page).textContent()).resolves.toContain('Left the hub');

    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Русский' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ru');
    await expect(headline(page).textContent()).resolves.toContain('Покинула сортировочный центр');
    await expect(page.getByRole('link', { name: 'Русский' }).getAttribute('aria-current')).resolves.toBe('true');
    await screenshot(page, 'track-ru');

    await page.getByRole('navigation', { name: 'Язык' }).getByRole('link', { name: '中文' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    await expect(headline(page).textContent()).resolves.toContain('已离开集散中心');
    await screenshot(page, 'track-zh');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Remembered: a plain link, no ?lang=, still in Chinese.
    await page.goto(`${server.url}/track/${number}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    await context.close();

    const malay = await phonePage('ms-MY');
    await malay.page.goto(`${server.url}/track/${number}`);
    await expect(malay.page.locator('html').getAttribute('lang')).resolves.toBe('ms');
    await expect(headline(malay.page).textContent()).resolves.toContain('Telah meninggalkan hab');
    await screenshot(malay.page, 'track-ms');
    await malay.context.close();
  });

  it('shows the check-digit message for a mistyped number', async () => {
    const number = await declare();
    const mistyped = `${number.slice(0, 10)}${(Number(number[10]) + 1) % 10}${number.slice(11)}`;
    const { context, page } = await phonePage();
    await page.goto(`${server.url}/track`);
    await page.getByLabel('Tracking numbers, one per line').fill(mistyped);
    await page.getByRole('button', { name: 'Track' }).click();
    const problem = page.locator('section.problem');
    await expect(problem.getAttribute('data-problem')).resolves.toBe('CHECK_DIGIT');
    await expect(problem.getByRole('heading').textContent()).resolves.toBe(`${mistyped} is not a valid tracking number`);
    await expect(problem.textContent()).resolves.toContain('The check digit does not match: one of the digits is probably mistyped.');
    await screenshot(page, 'track-check-digit');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it('tracks several numbers at once and keeps every personal detail out of the page and its source', async () => {
    const pii = await declare(piiDeclaration());
    await advanceParcel(server, pii, TO_CUSTOMS_RELEASE);
    const other = await declare();
    const { context, page } = await phonePage();
    await page.goto(`${server.url}/track`);
    await page.getByLabel('Tracking numbers, one per line').fill(`${pii}\n${other}\nLM99999998${checkDigit('99999998')}MY`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/track?')), page.getByRole('button', { name: 'Track' }).click()]);
    await expect(page.locator('section.parcel, section.problem').count()).resolves.toBe(3);
    await expect(page.locator('section.problem').getAttribute('data-problem')).resolves.toBe('NOT_FOUND');
    const source = await response.text();
    const rendered = await page.content();
    const visible = await page.locator('body').innerText();
    expect(source).toContain(pii);
    for (const secret of PII_STRINGS) {
      expect(source).not.toContain(secret);
      expect(rendered).not.toContain(secret);
      expect(visible).not.toContain(secret);
    }
    await screenshot(page, 'track-several');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('operations dashboard in Chromium', () => {
  it('refuses without a valid key or with the wrong role, and draws every panel with a hub key', async () => {
    // Parcels declared over the last day and a half, in different states, so the charts have
    // something to draw: each is moved on through the real modules (customs, hub, carrier), then
    // its whole history — declaration, events, hub arrival — is backdated (test-data shaping).
    // Most are GREEN declarations; one goes to review (AMBER) and one to inspection (RED).
    const line = declarationInput().lines[0];
    const byLane: Record<string, Record<string, unknown>> = {
      GREEN: {},
      AMBER: { lines: [{ ...line, value: { amountMinor: 100, currency: 'MYR' } }] },
      RED: { lines: [{ ...line, description: 'Air pistol, 4.5 mm', hsCode: '930400', quantity: 1, value: { amountMinor: 90000, currency: 'MYR' } }] },
    };
    const plan: [number, readonly LifecycleStep[], keyof typeof byLane][] = [
      [38, [...TO_CUSTOMS_RELEASE, ...RELEASE_TO_DELIVERY], 'GREEN'],
      [33, [...TO_CUSTOMS_RELEASE, ...RELEASE_TO_DELIVERY], 'GREEN'],
      [30, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver, LIFECYCLE.arrived, LIFECYCLE.outForDelivery, LIFECYCLE.deliveryFailed], 'GREEN'],
      [26, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver], 'GREEN'],
      [20, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched], 'GREEN'],
      [14, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub], 'GREEN'],
      [9, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub], 'GREEN'],
      [7, [...TO_CUSTOMS_RELEASE, LIFECYCLE.receivedAtHub, LIFECYCLE.bagged], 'GREEN'],
      [6, TO_CUSTOMS_RELEASE, 'GREEN'],
      [5, [], 'AMBER'],
      [4, [], 'RED'],
      [3, [LIFECYCLE.customsAssessed], 'GREEN'],
      [2, [], 'GREEN'],
      [0, [], 'GREEN'],
    ];
    for (const [hoursAgo, steps, lane] of plan) {
      const base = declarationInput();
      const number = await declare(declarationInput({ addressee: { ...base.addressee, name: `Buyer ${uniqueRef('B')}` }, ...byLane[lane] }));
      if (steps.length) await advanceParcel(server, number, steps);
      if (hoursAgo) await backdateParcel(server, number, hoursAgo);
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const requests: { url: string; authorization?: string }[] = [];
    page.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));

    await page.goto(`${server.url}/ops`);
    await expect(page.locator('#signin').isVisible()).resolves.toBe(true);
    await expect(page.locator('#dashboard').isVisible()).resolves.toBe(false);
    await expect(page.locator('svg[data-chart]').count()).resolves.toBe(0);
    // The API itself refuses the dashboard's query without a key.
    const anonymous = await page.evaluate(async () => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ opsOverview { hours } }' }) });
      return (await res.json()) as { errors: { extensions: { code: string } }[] };
    });
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'ops-signin');

    const keyField = page.getByLabel('API key');
    await keyField.fill('sg_wrong_key_0000000000000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'refused' }).textContent()).resolves.toContain('That API key was refused');
    await expect(page.locator('#dashboard').isVisible()).resolves.toBe(false);

    await keyField.fill(KEYS.seller);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'SELLER' }).textContent()).resolves.toContain('This dashboard is for hub operators, customs officers and administrators');
    await expect(page.locator('#dashboard').isVisible()).resolves.toBe(false);

    await keyField.fill(KEYS.hub);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    await expect(page.locator('#who').textContent()).resolves.toContain('hub MYKUL-DFTZ');
    for (const chart of ['flow', 'status', 'customs-queue', 'dwell']) {
      await expect(page.locator(`svg[data-chart="${chart}"]`).isVisible()).resolves.toBe(true);
    }
    await expect(page.locator('svg[data-chart="flow"] polyline').count()).resolves.toBe(4);
    // The chart says what the API says (other tests in this file declared parcels too).
    const api = await server.gql('{ opsOverview { statusCounts { status count } } }', {}, KEYS.hub);
    const declared = api.data.opsOverview.statusCounts.find((c: { status: string }) => c.status === 'DECLARED').count;
    expect(declared).toBeGreaterThanOrEqual(2);
    await expect(page.locator('svg[data-chart="status"] title').textContent()).resolves.toContain(`Declared ${declared},`);
    // The customs queue chart draws the customs module's lanes, RED first, with the API's counts.
    const queue = (await server.gql('{ opsOverview { customsQueue { lane count } } }', {}, KEYS.hub)).data.opsOverview.customsQueue as { lane: string; count: number }[];
    expect(queue.map((q) => q.lane)).toEqual(['RED', 'AMBER', 'GREEN']);
    expect(queue.slice(0, 2).map((q) => q.count)).toEqual([1, 1]);
    await expect(page.locator('svg[data-chart="customs-queue"] title').textContent()).resolves.toBe(
      `Customs queue by lane: ${queue.map((q) => `${q.lane[0]}${q.lane.slice(1).toLowerCase()} ${q.count}`).join(', ')}`,
    );
    // The bagged parcel's bag is open at the hub: one row, its lane, one parcel of 380 g against 30 kg.
    await expect(page.locator('#panel-receptacles tbody tr').count()).resolves.toBe(1);
    const bagRow = await page.locator('#panel-receptacles tbody tr').first().textContent();
    expect(bagRow).toContain('RUMOWA AUA RU-POST');
    expect(bagRow).toMatch(/RU\s*1\s*0\.4 kg/);
    await expect(page.locator('#panel-receptacles tbody tr svg').getAttribute('aria-label')).resolves.toBe('1 % of 30.0 kg');
    // Parcels in the hub (received or bagged, not dispatched): received 14, 9 and 7 hours ago.
    await expect(page.locator('svg[data-chart="dwell"] title').textContent()).resolves.toContain('0–1 h 0, 1–4 h 0, 4–12 h 2, 12–24 h 1, 24–48 h 0,');
    await expect(page.locator('#panel-carriers tbody tr').first().textContent()).resolves.toContain('Russian Post (RU-POST)');
    // Russian Post has no webhook endpoint here (it pulls its handoffs): no message figures.
    await expect(page.locator('#panel-carriers tbody tr').first().textContent()).resolves.toContain('no webhook');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'ops-dashboard');

    // The key went only into Authorization headers of /graphql calls, never into a URL.
    for (const r of requests) expect(r.url).not.toContain(KEYS.hub);
    expect(page.url()).toBe(`${server.url}/ops`);
    const withKey = requests.filter((r) => r.authorization === `Bearer ${KEYS.hub}`);
    expect(withKey.length).toBeGreaterThan(0);
    for (const r of withKey) expect(new URL(r.url).pathname).toBe('/graphql');

    // Still signed in after a reload (sessionStorage); signed out on request.
    await page.reload();
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.locator('#signin').isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length)).resolves.toBe(0);
    await context.close();
  });
});
