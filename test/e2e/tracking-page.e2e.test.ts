import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkDigit } from '../../src/standards/s10.js';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { PII_STRINGS, piiDeclaration } from '../support/pii.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { advanceParcel, DELIVERED_TIMELINE, LIFECYCLE, RELEASE_TO_DELIVERY, TO_CUSTOMS_RELEASE } from '../support/parcel-lifecycle.js';

let server: TestServer;
let tracked: string;
let piiNumber: string;

async function declare(input: Record<string, unknown>): Promise<string> {
  const res = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
  expect(res.data.declareShipment.__typename).toBe('Shipment');
  return res.data.declareShipment.trackingNumber as string;
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** A valid S10 number that no parcel has (serial far outside the demo series' use). */
const unknownNumber = () => `LM${'99999998'}${checkDigit('99999998')}MY`;
/** The tracked number with a wrong check digit. */
const wrongCheckDigit = (n: string) => `${n.slice(0, 10)}${(Number(n[10]) + 1) % 10}${n.slice(11)}`;

beforeAll(async () => {
  server = await startTestServer();
  tracked = await declare(declarationInput());
  piiNumber = await declare(piiDeclaration());
});
afterAll(async () => {
  await server?.stop();
});

describe('GET /track/<number>', () => {
  it('shows status, next step, countries and the timeline in English by default', async () => {
    const page = await get(`/track/${tracked}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('data-status="DECLARED"');
    expect(page.html).toContain('Declared by the seller, waiting for customs');
    expect(page.html).toContain('Customs checks the declaration next.');
    expect(page.html).toMatch(/<dt>From<\/dt><dd>Malaysia<\/dd>/);
    expect(page.html).toMatch(/<dt>To<\/dt><dd>Russia<\/dd>/);
    expect(page.html).toContain('Shipping information received <abbr class="code" title="Silkgate event code (not a UPU code)">SGA</abbr>');
    expect(page.html).toMatch(/GMT\+8<\/time> · MYKULA, Malaysia/);
  });

  it.each([
    ['ru-RU,ru;q=0.9', 'ru', 'Зарегистрирована продавцом, ожидает таможню', 'Россия'],
    ['ms-MY,ms;q=0.9,en;q=0.5', 'ms', 'Diisytiharkan oleh penjual, menunggu kastam', 'Rusia'],
    ['zh-CN,zh;q=0.9', 'zh-Hans', '卖家已申报，等待海关查验', '俄罗斯'],
  ])('renders in the language of Accept-Language %s', async (acceptLanguage, htmlLang, status, russia) => {
    const page = await get(`/track/${tracked}`, { 'accept-language': acceptLanguage });
    expect(page.html).toContain(`<html lang="${htmlLang}">`);
    expect(page.html).toContain(status);
    expect(page.html).toContain(russia);
    expect(page.headers.get('content-language')).toBe(htmlLang);
    expect(page.headers.get('vary')).toMatch(/Accept-Language/);
  });

  it('lets ?lang= override Accept-Language and remembers the choice in a cookie', async () => {
    const chosen = await get(`/track/${tracked}?lang=zh`, { 'accept-language': 'ru' });
    expect(chosen.html).toContain('<html lang="zh-Hans">');
    const cookie = chosen.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^silkgate_lang=zh;/);
    const later = await get(`/track/${tracked}`, { 'accept-language': 'ru', cookie: 'silkgate_lang=zh' });
    expect(later.html).toContain('<html lang="zh-Hans">');
    const bogus = await get(`/track/${tracked}?lang=xx`, { 'accept-language': 'ms' });
    expect(bogus.html).toContain('<html lang="ms">');
  });

  it('has a visible switcher linking to every language, marking the current one', async () => {
    const page = await get(`/track/${tracked}?lang=ru`);
    for (const lang of ['en', 'ru', 'ms', 'zh']) expect(page.html).toContain(`href="/track/${tracked}?lang=${lang}"`);
    expect(page.html).toMatch(/hreflang="ru" lang="ru" aria-current="true">Русский</);
    expect(page.html).toContain('<nav aria-label="Язык">');
  });

  it('explains a wrong check digit with status 400', async () => {
    const page = await get(`/track/${wrongCheckDigit(tracked)}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('data-problem="CHECK_DIGIT"');
    expect(page.html).toContain(`${wrongCheckDigit(tracked)} is not a valid tracking number`);
    expect(page.html).toContain('The check digit does not match');
  });

  it.each([
    ['HELLO', 'FORMAT', 'A tracking number has 13 characters'],
    [`JJ${'10000000'}${checkDigit('10000000')}MY`, 'RESERVED_SERVICE_INDICATOR', 'begin with J or K are never issued'],
  ])('explains %s as %s', async (number, problem, text) => {
    const page = await get(`/track/${number}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain(`data-problem="${problem}"`);
    expect(page.html).toContain(text);
  });

  it('says clearly when a valid number is unknown, with status 404, in the chosen language', async () => {
    const page = await get(`/track/${unknownNumber()}?lang=ru`);
    expect(page.status).toBe(404);
    expect(page.html).toContain('data-problem="NOT_FOUND"');
    expect(page.html).toContain(`Посылки с номером ${unknownNumber()} нет`);
  });

  it('escapes whatever is typed, in the title, the heading and the form', async () => {
    const page = await get(`/track?n=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(page.html).not.toContain('<script');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('serves with a no-script CSP, no-referrer, no caching, and no script at all', async () => {
    const page = await get(`/track/${tracked}`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).not.toContain('script-src');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.html).not.toMatch(/<script|https?:\/\//i);
  });
});

describe('GET /track (form and several numbers)', () => {
  it('shows the form with a labelled textarea', async () => {
    const page = await get('/track');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<label for="numbers">Tracking numbers, one per line</label>');
    expect(page.html).toMatch(/<textarea id="numbers" name="n"[^>]*><\/textarea>/);
    expect(page.html).toContain('<form class="track" method="get" action="/track">');
  });

  it('tracks several numbers at once, one section per number, in input order', async () => {
    const n = [piiNumber, wrongCheckDigit(tracked), unknownNumber(), tracked].join('\n');
    const page = await get(`/track?n=${encodeURIComponent(n)}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Tracking 4 parcels</h1>');
    const sections = [...page.html.matchAll(/<section class="(parcel|problem)"[^>]*data-(?:tracking-number|problem)="([^"]+)"/g)].map((m) => m[2]);
    expect(sections).toEqual([piiNumber, 'CHECK_DIGIT', 'NOT_FOUND', tracked]);
  });

  it('accepts 20 numbers and refuses 21 with a clear message', async () => {
    const numbers = Array.from({ length: 21 }, (_v, i) => {
      const serial = String(20000000 + i);
      return `LM${serial}${checkDigit(serial)}MY`;
    });
    const twenty = await get(`/track?n=${encodeURIComponent(numbers.slice(0, 20).join('\n'))}`);
    expect(twenty.status).toBe(200);
    expect(twenty.html.match(/<section class="problem"/g)).toHaveLength(20);
    const many = await get(`/track?n=${encodeURIComponent(numbers.join('\n'))}`);
    expect(many.status).toBe(400);
    expect(many.html).toContain('You entered 21 tracking numbers. Track at most 20 at once.');
    expect(many.html).not.toContain('<section');
    expect(many.html).toContain('aria-describedby="numbers-hint numbers-error"');
  });

  it('asks for a number when the textarea is blank', async () => {
    const page = await get('/track?n=%0A%20%0A');
    expect(page.status).toBe(400);
    expect(page.html).toContain('Enter at least one tracking number.');
  });
});

describe('privacy', () => {
  it('never shows names, addresses, phones, values or contents, in any language, whatever the status', async () => {
    const pages = [];
    for (const lang of ['en', 'ru', 'ms', 'zh']) pages.push(await get(`/track/${piiNumber}?lang=${lang}`));
    await advanceParcel(server, piiNumber, [...TO_CUSTOMS_RELEASE, ...RELEASE_TO_DELIVERY]);
    pages.push(await get(`/track/${piiNumber}`));
    pages.push(await get(`/track?n=${encodeURIComponent(`${piiNumber}\n${tracked}`)}`));
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.html).toContain(piiNumber);
      for (const secret of PII_STRINGS) expect(page.html).not.toContain(secret);
    }
    expect(pages[4].html).toContain('data-status="DELIVERED"');
    expect([...pages[4].html.matchAll(/<li data-code="(\w+)"/g)].map((m) => m[1])).toEqual(DELIVERED_TIMELINE);
  });
});

describe('the timeline follows the parcel', () => {
  it('shows customs release, then each step to delivery, newest first', async () => {
    const number = await declare(declarationInput());
    await advanceParcel(server, number, TO_CUSTOMS_RELEASE);
    let page = await get(`/track/${number}`);
    expect(page.html).toContain('data-status="CUSTOMS_RELEASED"');
    expect(page.html).toContain('The hub receives the parcel and packs it for its destination next.');
    expect([...page.html.matchAll(/<li data-code="(\w+)"/g)].map((m) => m[1])).toEqual(['SGA']);

    await advanceParcel(server, number, [LIFECYCLE.receivedAtHub, LIFECYCLE.dispatched, LIFECYCLE.handedOver]);
    page = await get(`/track/${number}`);
    expect(page.html).toContain('data-status="HANDED_TO_CARRIER"');
    expect([...page.html.matchAll(/<li data-code="(\w+)"/g)].map((m) => m[1])).toEqual(['SGH', 'EMC', 'EXC', 'EXA', 'EMB', 'EMA', 'SGA']);

    await advanceParcel(server, number, [LIFECYCLE.arrived, LIFECYCLE.outForDelivery, LIFECYCLE.deliveryFailed]);
    page = await get(`/track/${number}?lang=ru`);
    expect(page.html).toContain('Неудачная попытка вручения');
    expect(page.html).toContain('Почтовый оператор попробует ещё раз');
    // Moscow time for events in Russia, Kuala Lumpur time for events in Malaysia.
    expect(page.html).toMatch(/GMT\+3<\/time> · RUMOWA, Россия/);

    await advanceParcel(server, number, [LIFECYCLE.delivered]);
    page = await get(`/track/${number}`);
    expect(page.html).toContain('<p class="headline done" data-status="DELIVERED">');
    expect([...page.html.matchAll(/<li data-code="(\w+)"/g)].map((m) => m[1])).toEqual(['EMI', 'EMH', 'EDG', 'EMD', 'SGH', 'EMC', 'EXC', 'EXA', 'EMB', 'EMA', 'SGA']);
  });

  it('shows what the GraphQL track query shows: same status and event codes', async () => {
    const res = await server.gql(`query ($n: String!) { track(trackingNumber: $n) { ... on Tracking { status events { code } } } }`, { n: piiNumber });
    const page = await get(`/track/${piiNumber}`);
    expect(page.html).toContain(`data-status="${res.data.track.status}"`);
    const codes = [...page.html.matchAll(/<li data-code="(\w+)"/g)].map((m) => m[1]).reverse();
    expect(codes).toEqual(res.data.track.events.map((e: { code: string }) => e.code));
  });
});
