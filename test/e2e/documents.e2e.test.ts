import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HubDocumentSource } from '../../src/modules/hub/hub.documents.js';
import { releaseParcels } from '../support/customs-release.js';
import { allText, decodeCode128, pageTexts, renderPage } from '../support/pdf.js';
import { cn35Data, dispatchData, S8, S9 } from '../support/document-fixtures.js';
import { DECLARE_MANY, DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { add, CLOSE_DISPATCH, CLOSE_RECEPTACLE, declare, openDispatch, openReceptacle, receive, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let cn22: { id: string; trackingNumber: string };
let cn23: { id: string; trackingNumber: string };

const get = (path: string, key?: string) => fetch(`${server.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
const pdfOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

beforeAll(async () => {
  server = await startTestServer();
  const small = await server.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.seller);
  cn22 = small.data.declareShipment;
  const large = await server.gql(
    DECLARE_ONE,
    {
      input: declarationInput({
        lines: [{ description: 'Silk evening dress', quantity: 1, netWeightGrams: 400, value: { amountMinor: 250000, currency: 'MYR' }, hsCode: '620443', originCountry: 'MY' }],
        grossWeightGrams: 600,
        licenceNumbers: ['LIC-1'],
      }),
    },
    KEYS.seller,
  );
  cn23 = large.data.declareShipment;
});
afterAll(async () => {
  await server?.stop();
});

describe('GET /documents/shipments/:id/declaration.pdf', () => {
  it('returns the form the declaration chose, as a named PDF', async () => {
    const res = await get(`/documents/shipments/${cn22.id}/declaration.pdf`, KEYS.seller);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="CN22-${cn22.trackingNumber}.pdf"`);
    const text = await allText(await pdfOf(res));
    expect(text).toContain('CUSTOMS DECLARATION CN 22');
    expect(text).toContain("2 × Women's cotton T-shirt, printed");
    expect(text).toContain('45.90 MYR');
    expect(text).toContain('Анна Иванова');
    expect(text).toContain('MYKULA');

    const big = await get(`/documents/shipments/${cn23.trackingNumber}/declaration.pdf`, KEYS.seller);
    expect(big.headers.get('content-disposition')).toBe(`inline; filename="CN23-${cn23.trackingNumber}.pdf"`);
    const bigText = await allText(await pdfOf(big));
    expect(bigText).toContain('CUSTOMS DECLARATION CN 23');
    expect(bigText).toContain('2500.00 MYR');
    expect(bigText).toContain('LIC-1');
  });

  it('is visible to the hub and customs, not to another seller or a carrier, and needs a key', async () => {
    expect((await get(`/documents/shipments/${cn22.id}/declaration.pdf`, KEYS.hub)).status).toBe(200);
    expect((await get(`/documents/shipments/${cn22.id}/declaration.pdf`, KEYS.customs)).status).toBe(200);

    const other = await get(`/documents/shipments/${cn22.id}/declaration.pdf`, KEYS.otherSeller);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await other.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);

    const carrier = await get(`/documents/shipments/${cn22.id}/declaration.pdf`, KEYS.carrierRu);
    expect(carrier.status).toBe(403);
    expect(((await carrier.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');

    const anonymous = await get(`/documents/shipments/${cn22.id}/declaration.pdf`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await get(`/documents/shipments/${cn22.id}/declaration.pdf`, 'sg_not_a_key')).status).toBe(401);
    expect((await get('/documents/shipments/not-an-id/declaration.pdf', KEYS.seller)).status).toBe(404);
  });
});

describe('labels', () => {
  it('prints one label with a barcode that scans as the tracking number', async () => {
    const res = await get(`/documents/shipments/${cn22.id}/label.pdf`, KEYS.seller);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="label-${cn22.trackingNumber}.pdf"`);
    const pdf = await pdfOf(res);
    expect(decodeCode128(await renderPage(pdf, 1, 3))).toBe(cn22.trackingNumber);
    const text = await allText(pdf);
    expect(text).toContain('TRACKED PACKET');
    expect(text).toContain('RUMOWA');
  });

  it('prints many labels in one PDF, in the order asked, by GET and by POST', async () => {
    const inputs = Array.from({ length: 5 }, () => declarationInput());
    const declared = await server.gql(DECLARE_MANY, { inputs }, KEYS.seller);
    const shipments = declared.data.declareShipments.results as { id: string; trackingNumber: string }[];
    const ids = shipments.map((s) => s.id);

    const res = await get(`/documents/labels.pdf?ids=${ids.join(',')}`, KEYS.seller);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('inline; filename="labels-5.pdf"');
    const pages = await pageTexts(await pdfOf(res));
    expect(pages).toHaveLength(5);
    pages.forEach((page, i) => {
      const t = shipments[i].trackingNumber;
      expect(page.join(' ').replace(/\s+/g, ' ')).toContain(`${t.slice(0, 2)} ${t.slice(2, 5)} ${t.slice(5, 8)} ${t.slice(8, 11)} ${t.slice(11)}`);
    });

    const posted = await fetch(`${server.url}/documents/labels.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.hub}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [shipments[0].trackingNumber, ids[1]] }),
    });
    expect(posted.status).toBe(200);
    expect(await pageTexts(await pdfOf(posted))).toHaveLength(2);
  });

  it('refuses the whole batch when one shipment is not the caller\'s, and more than 1,000', async () => {
    const res = await get(`/documents/labels.pdf?ids=${cn22.id},${cn23.id}`, KEYS.otherSeller);
    expect(res.status).toBe(404);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.missing).toEqual([cn22.id, cn23.id]);

    const tooMany = await fetch(`${server.url}/documents/labels.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.seller}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: Array.from({ length: 1001 }, () => cn22.id) }),
    });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
    expect((await get('/documents/labels.pdf', KEYS.seller)).status).toBe(400);
  });
});

describe('bag labels and delivery bills', () => {
  it('answer not found for identifiers the hub does not know; sellers are refused; a key is needed', async () => {
    expect((await get('/documents/receptacles/MYKULARUMOWAACC60042017000184/cn35.pdf', KEYS.hub)).status).toBe(404);
    expect((await get('/documents/dispatches/MYKULARUMOWAACC60042/cn38.pdf', KEYS.hub)).status).toBe(404);
    expect((await get('/documents/dispatches/MYKULARUMOWAACC60042/manifest.pdf', KEYS.customs)).status).toBe(404);
    expect((await get('/documents/dispatches/MYKULARUMOWAACC60042/cn38.pdf', KEYS.seller)).status).toBe(403);
    expect((await get('/documents/dispatches/MYKULARUMOWAACC60042/cn38.pdf')).status).toBe(401);
  });
});

const RECEPTACLE_DOCS = `query ($id: ID!) { receptacle(id: $id) { receptacleNumber state cn35Url } }`;
const DISPATCH_DOCS = `query ($id: ID!) { dispatch(id: $id) { dispatchNumber state cn38Url manifestUrl receptacles { receptacleNumber itemCount grossWeightGrams cn35Url } } }`;

describe('CN 35, CN 38 and manifest of real hub receptacles and dispatches', () => {
  it('declare → release → receive → bag → close → dispatch: the PDFs print the real identifiers, weights, counts and tracking numbers', async () => {
    const contents = { grossWeightGrams: 1_000, lines: [{ description: "Women's cotton T-shirt, printed", quantity: 2, netWeightGrams: 900, value: { amountMinor: 4590, currency: 'MYR' }, hsCode: '610910', originCountry: 'MY' }] };
    const numbers = await declare(server, 3, contents);
    await releaseParcels(server, numbers);
    const weights = [1_020, 1_510, 730];
    for (const [i, n] of numbers.entries()) expect((await receive(server, n, weights[i])).__typename).toBe('ParcelReceived');

    const dispatch = await openDispatch(server, RU_PACKET_LANE, { transport: { mode: 'AIR', flightNumber: 'SU521', departureAt: '2026-11-22T01:05:00Z' } });
    const s8 = dispatch.dispatchNumber as string;
    const first = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    const second = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    expect((await add(server, first.id, numbers[0])).itemCount).toBe(1);
    expect((await add(server, first.id, numbers[1])).itemCount).toBe(2);
    expect((await add(server, second.id, numbers[2])).itemCount).toBe(1);

    // An open bag has no S9 yet, so no label URL.
    expect((await server.gql(RECEPTACLE_DOCS, { id: first.id }, KEYS.hub)).data.receptacle).toMatchObject({ state: 'OPEN', receptacleNumber: null, cn35Url: null });
    const closedFirst = (await server.gql(CLOSE_RECEPTACLE, { r: first.id }, KEYS.hub)).data.closeReceptacle;
    const s9First = closedFirst.receptacleNumber as string;
    expect(s9First).toBe(`${s8}001000025`);
    const firstDocs = (await server.gql(RECEPTACLE_DOCS, { id: first.id }, KEYS.hub)).data.receptacle;
    expect(firstDocs.cn35Url).toBe(`/documents/receptacles/${s9First}/cn35.pdf`);

    // CN 35 of the closed bag while its dispatch is still open.
    const cn35 = await get(firstDocs.cn35Url, KEYS.hub);
    expect(cn35.status).toBe(200);
    expect(cn35.headers.get('content-disposition')).toBe(`inline; filename="CN35-${s9First}.pdf"`);
    const cn35Pdf = await pdfOf(cn35);
    expect(decodeCode128(await renderPage(cn35Pdf, 1, 3))).toBe(s9First);
    const cn35Text = await allText(cn35Pdf);
    for (const expected of [s9First, s8, 'MYKULA', 'Kuala Lumpur', 'RUMOWA', 'Russian Post', `Dispatch no. ${s8.slice(16)}`, 'Receptacle serial 001',
      'Gross weight (kg) 2.5', 'Items 2', 'SU521', '2026-11-22 01:05 UTC']) {
      expect(cn35Text).toContain(expected);
    }

    // The open dispatch: no delivery bill yet.
    expect((await server.gql(DISPATCH_DOCS, { id: dispatch.id }, KEYS.hub)).data.dispatch).toMatchObject({ state: 'OPEN', cn38Url: null, manifestUrl: null });
    for (const doc of ['cn38', 'manifest']) {
      const open = await get(`/documents/dispatches/${s8}/${doc}.pdf`, KEYS.hub);
      expect(open.status).toBe(409);
      expect(((await open.json()) as any).errors[0].extensions.code).toBe('DISPATCH_NOT_CLOSED');
    }

    expect((await server.gql(CLOSE_RECEPTACLE, { r: second.id }, KEYS.hub)).data.closeReceptacle.state).toBe('CLOSED');
    const closed = await server.gql(CLOSE_DISPATCH, { d: dispatch.id, awb: '176-12345675' }, KEYS.hub);
    expect(closed.data.closeDispatch).toMatchObject({ __typename: 'Dispatch', state: 'CLOSED' });

    const docs = (await server.gql(DISPATCH_DOCS, { id: dispatch.id }, KEYS.hub)).data.dispatch;
    expect(docs.cn38Url).toBe(`/documents/dispatches/${s8}/cn38.pdf`);
    expect(docs.manifestUrl).toBe(`/documents/dispatches/${s8}/manifest.pdf`);
    const [bag1, bag2] = docs.receptacles as { receptacleNumber: string; itemCount: number; grossWeightGrams: number; cn35Url: string }[];
    // The last bag carries the highest-receptacle indicator once the dispatch is closed.
    expect(bag1.receptacleNumber).toBe(s9First);
    expect(bag2.receptacleNumber).toBe(`${s8}002100007`);

    // CN 38: both bags with their weights and item counts, totals, transport and air waybill.
    const cn38 = await get(docs.cn38Url, KEYS.hub);
    expect(cn38.status).toBe(200);
    expect(cn38.headers.get('content-disposition')).toBe(`inline; filename="CN38-${s8}.pdf"`);
    const cn38Items = (await pageTexts(await pdfOf(cn38))).flat();
    for (const [bag, weight, count] of [[bag1, '2.5', '2'], [bag2, '0.7', '1']] as const) {
      const at = cn38Items.indexOf(bag.receptacleNumber);
      expect(at).toBeGreaterThan(0);
      expect(cn38Items.slice(at, at + 4)).toEqual(expect.arrayContaining([count, weight]));
    }
    const cn38Text = cn38Items.join(' ');
    for (const expected of ['DELIVERY BILL CN 38', s8, 'MYKULA', 'RUMOWA', 'Russian Post', 'SU521', '176-12345675', 'Total receptacles 2', 'Total items 3', 'Total gross weight (kg) 3.3']) {
      expect(cn38Text).toContain(expected);
    }

    // Manifest: one row per parcel, with its bag, measured weight, addressee and contents.
    const manifest = await get(docs.manifestUrl, KEYS.hub);
    expect(manifest.status).toBe(200);
    const manifestItems = (await pageTexts(await pdfOf(manifest))).flat();
    const manifestText = manifestItems.join(' ').replace(/\s+/g, ' ');
    expect(manifestText).toContain('ITEM MANIFEST');
    for (const [i, n] of numbers.entries()) {
      expect(manifestItems.filter((t) => t === n)).toHaveLength(1);
      const at = manifestItems.indexOf(n);
      expect(manifestItems.slice(at - 2, at + 4)).toEqual(expect.arrayContaining([i < 2 ? bag1.receptacleNumber : bag2.receptacleNumber, (weights[i] / 1000).toFixed(3)]));
    }
    expect(manifestText).toContain('Анна Иванова');
    expect(manifestText).toContain("2 × Women's cotton T-shirt, printed");
    expect(manifestText).toContain('3.260');

    // Who may print them: the hub's officers and admins, the dispatch's own carrier; not sellers, not other carriers.
    const paths = [bag1.cn35Url, bag2.cn35Url, docs.cn38Url, docs.manifestUrl];
    for (const path of paths) {
      for (const key of [KEYS.customs, KEYS.admin, KEYS.carrierRu]) expect([path, (await get(path, key)).status]).toEqual([path, 200]);
      for (const key of [KEYS.carrierDe, KEYS.carrierMy]) {
        const res = await get(path, key);
        expect([path, res.status]).toEqual([path, 404]);
        expect(((await res.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
      }
      for (const key of [KEYS.seller, KEYS.otherSeller]) {
        const res = await get(path, key);
        expect([path, res.status]).toEqual([path, 403]);
        expect(((await res.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
      }
    }
    // Identifiers are case-insensitive; an unknown serial of a real dispatch is not found.
    expect((await get(`/documents/dispatches/${s8.toLowerCase()}/cn38.pdf`, KEYS.hub)).status).toBe(200);
    expect((await get(`/documents/receptacles/${s8}003000010/cn35.pdf`, KEYS.hub)).status).toBe(404);
  });
});

describe('with another consolidation source connected', () => {
  it('prints CN 35, CN 38 and the manifest for what the source lets the caller see; open dispatches are refused', async () => {
    const { db, documents, hub, reference } = server.silkgate.services;
    const open = { ...dispatchData(2, 2), dispatchId: 'MYKULARUMOWAACC60043', closedAt: null };
    documents.useConsolidationSource({
      receptacle: async (id, principal) => (principal.role === 'HUB_OPERATOR' && id === S9 ? cn35Data() : null),
      dispatch: async (id, principal) => {
        if (principal.role !== 'HUB_OPERATOR') return null;
        return id === S8 ? dispatchData(2, 3) : id === open.dispatchId ? open : null;
      },
    });
    const cn35 = await get(`/documents/receptacles/${S9.toLowerCase()}/cn35.pdf`, KEYS.hub);
    expect(cn35.status).toBe(200);
    expect(cn35.headers.get('content-disposition')).toBe(`inline; filename="CN35-${S9}.pdf"`);
    expect(decodeCode128(await renderPage(await pdfOf(cn35), 1, 3))).toBe(S9);
    expect((await get(`/documents/receptacles/${S9}/cn35.pdf`, KEYS.customs)).status).toBe(404);

    const cn38 = await get(`/documents/dispatches/${S8}/cn38.pdf`, KEYS.hub);
    expect(cn38.status).toBe(200);
    expect(await allText(await pdfOf(cn38))).toContain('Total items 6');
    const manifest = await get(`/documents/dispatches/${S8}/manifest.pdf`, KEYS.hub);
    expect(manifest.headers.get('content-disposition')).toBe(`inline; filename="manifest-${S8}.pdf"`);
    expect(await allText(await pdfOf(manifest))).toContain('ITEM MANIFEST');

    const notClosed = await get(`/documents/dispatches/${open.dispatchId}/cn38.pdf`, KEYS.hub);
    expect(notClosed.status).toBe(409);
    expect(((await notClosed.json()) as any).errors[0].extensions.code).toBe('DISPATCH_NOT_CLOSED');
    // Back to the hub's receptacles and dispatches for the rest of this file.
    documents.useConsolidationSource(new HubDocumentSource(db, hub.scope, reference));
  });
});

describe('Shipment.documents', () => {
  it('gives the URLs of the declaration and label, and they work', async () => {
    const res = await server.gql(`query ($id: ID) { shipment(id: $id) { documents { customsForm customsDeclarationUrl labelUrl } } }`, { id: cn23.id }, KEYS.seller);
    expect(res.errors).toBeUndefined();
    const docs = res.data.shipment.documents;
    expect(docs).toEqual({
      customsForm: 'CN23',
      customsDeclarationUrl: `/documents/shipments/${cn23.id}/declaration.pdf`,
      labelUrl: `/documents/shipments/${cn23.id}/label.pdf`,
    });
    expect((await get(docs.labelUrl, KEYS.seller)).status).toBe(200);
  });
});
