/**
 * ZPL over HTTP: the label and CN 35 routes with ?format=zpl (POST body "format" for bulk labels),
 * the URLs GraphQL gives for DocumentFormat.ZPL, and refusals for documents that are PDF only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { add, CLOSE_RECEPTACLE, openDispatch, openReceptacle, readyParcels, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { barcodeData, decodeGraphic, fieldText, parseZpl } from '../support/zpl.js';

let server: TestServer;
let first: { id: string; trackingNumber: string };
let second: { id: string; trackingNumber: string };

const get = (path: string, key: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
const errorCode = async (res: Response) => ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code;

beforeAll(async () => {
  server = await startTestServer();
  first = (await server.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.seller)).data.declareShipment;
  second = (await server.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.seller)).data.declareShipment;
});
afterAll(async () => {
  await server?.stop();
});

describe('parcel labels as ZPL', () => {
  it('GraphQL gives the ZPL URL; it answers one 4 × 6 in label in UTF-8 with the S10 in ^BC', async () => {
    const res = await server.gql(`query ($id: ID) { shipment(id: $id) { documents { labelUrl zpl: labelUrl(format: ZPL) pdf: labelUrl(format: PDF) } } }`, { id: first.id }, KEYS.seller);
    expect(res.errors).toBeUndefined();
    const docs = res.data.shipment.documents;
    expect(docs).toEqual({ labelUrl: `/documents/shipments/${first.id}/label.pdf`, pdf: docs.labelUrl, zpl: `/documents/shipments/${first.id}/label.pdf?format=zpl` });

    const label = await get(docs.zpl, KEYS.seller);
    expect(label.status).toBe(200);
    expect(label.headers.get('content-type')).toBe('application/zpl; charset=utf-8');
    expect(label.headers.get('content-disposition')).toBe(`attachment; filename="label-${first.trackingNumber}.zpl"`);
    const [only, ...more] = parseZpl(await label.text());
    expect(more).toHaveLength(0);
    expect(only.setup).toEqual(['^CI28', '^PW812', '^LL1218', '^LH0,0']);
    expect(only.fields.map(barcodeData).filter(Boolean)).toEqual([first.trackingNumber]);
    const texts = only.fields.map(fieldText);
    for (const expected of ['TRACKED PACKET', 'Mawar Apparel Sdn Bhd', 'CUSTOMS DECLARATION CN 22 · may be opened officially · Pos Malaysia']) expect(texts).toContain(expected);
    // The Cyrillic addressee is drawn as bitmaps with ink in them.
    const graphics = only.fields.map(decodeGraphic).filter((g) => g !== null);
    expect(graphics.length).toBeGreaterThanOrEqual(3);
    for (const g of graphics) expect(g!.dots.some(Boolean)).toBe(true);
    // The PDF route is unchanged without a format.
    expect((await get(docs.labelUrl, KEYS.seller)).headers.get('content-type')).toBe('application/pdf');
  });

  it('prints many labels in the order asked, by GET and by POST', async () => {
    const byGet = await get(`/documents/labels.pdf?ids=${second.trackingNumber},${first.id}&format=ZPL`, KEYS.seller);
    expect(byGet.status).toBe(200);
    expect(byGet.headers.get('content-disposition')).toBe('attachment; filename="labels-2.zpl"');
    const barcodes = (zpl: string) => parseZpl(zpl).map((l) => l.fields.map(barcodeData).find(Boolean));
    expect(barcodes(await byGet.text())).toEqual([second.trackingNumber, first.trackingNumber]);

    const byPost = await fetch(`${server.url}/documents/labels.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.seller}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [first.id, second.id, first.trackingNumber], format: 'zpl' }),
    });
    expect(byPost.status).toBe(200);
    expect(byPost.headers.get('content-type')).toBe('application/zpl; charset=utf-8');
    expect(barcodes(await byPost.text())).toEqual([first.trackingNumber, second.trackingNumber, first.trackingNumber]);
  });

  it('refuses ZPL for PDF-only documents and unknown formats, before looking anything up', async () => {
    const declaration = await get(`/documents/shipments/${first.id}/declaration.pdf?format=zpl`, KEYS.seller);
    expect(declaration.status).toBe(400);
    expect(await errorCode(declaration)).toBe('UNSUPPORTED_FORMAT');
    const unknown = await get(`/documents/shipments/${first.id}/label.pdf?format=docx`, KEYS.seller);
    expect(unknown.status).toBe(400);
    expect(await errorCode(unknown)).toBe('BAD_USER_INPUT');
    for (const doc of ['cn38', 'manifest']) {
      const res = await get(`/documents/dispatches/MYKULARUMOWAACC60042/${doc}.pdf?format=zpl`, KEYS.hub);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('UNSUPPORTED_FORMAT');
    }
    // Someone else's shipment is still not found in any format.
    expect((await get(`/documents/shipments/${first.id}/label.pdf?format=zpl`, KEYS.otherSeller)).status).toBe(404);
  });
});

describe('CN 35 bag label as ZPL', () => {
  it('a closed bag: Receptacle.cn35Url(format: ZPL) prints its S9 in ^BC and its figures', async () => {
    const [parcel] = await readyParcels(server, 1);
    const dispatch = await openDispatch(server, RU_PACKET_LANE);
    const bag = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    expect((await add(server, bag.id, parcel)).itemCount).toBe(1);
    const s9 = (await server.gql(CLOSE_RECEPTACLE, { r: bag.id }, KEYS.hub)).data.closeReceptacle.receptacleNumber as string;
    const res = await server.gql(`query ($id: ID!) { receptacle(id: $id) { pdf: cn35Url zpl: cn35Url(format: ZPL) } }`, { id: bag.id }, KEYS.hub);
    expect(res.data.receptacle).toEqual({ pdf: `/documents/receptacles/${s9}/cn35.pdf`, zpl: `/documents/receptacles/${s9}/cn35.pdf?format=zpl` });

    const cn35 = await get(res.data.receptacle.zpl, KEYS.hub);
    expect(cn35.status).toBe(200);
    expect(cn35.headers.get('content-disposition')).toBe(`attachment; filename="CN35-${s9}.zpl"`);
    const [label] = parseZpl(await cn35.text());
    expect(label.fields.map(barcodeData).filter(Boolean)).toEqual([s9]);
    const texts = label.fields.map(fieldText);
    for (const expected of [s9, s9.slice(0, 20), 'RUMOWA', 'Items', '1']) expect(texts).toContain(expected);
    expect((await get(res.data.receptacle.zpl, KEYS.seller)).status).toBe(403);
  });
});
