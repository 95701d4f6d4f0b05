/**
 * EDI exports from the hub's own records: downloads (REST and GraphQL) in XML and JSON, each
 * validated against the published schemas (schemas/edi/); consignments and their CARDIT; PREDES,
 * ITMATT and CARDIT pushed through signed webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWebhookReceiver } from '../../scripts/carrier-sim/webhook-receiver.js';
import { restCall } from '../support/carrier-clients.js';
import { jsonSchemaErrors, xsdErrors } from '../support/edi-validation.js';
import { closedRuDispatch, openDispatch, RU_PACKET_LANE } from '../support/hub-fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';
import { DELETE_ENDPOINT, drainDeliveries, fastWebhooks, REGISTER } from '../support/webhooks.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ webhooks: fastWebhooks() });
});
afterAll(async () => {
  await server?.stop();
});

const AWB = '176-12345675';
const CREATE = `mutation ($input: CreateConsignmentInput!) { createConsignment(input: $input) {
  id consignmentNumber airWaybill carrierCode dispatchIds legs { legNo mode carrierCode transportNumber departureLocation arrivalLocation departureAt arrivalAt } } }`;
const DOCUMENT = `query ($t: EdiMessageType!, $id: ID!, $f: String) { ediDocument(messageType: $t, id: $id, format: $f) { filename mediaType body } }`;
const LEGS = [
  { mode: 'AIR', carrierCode: 'MH', transportNumber: 'MH0004', departureLocation: 'KUL', arrivalLocation: 'DXB', departureAt: '2026-12-03T01:00:00Z', arrivalAt: '2026-12-03T07:00:00Z' },
  { mode: 'AIR', carrierCode: 'SU', transportNumber: 'SU0521', departureLocation: 'DXB', arrivalLocation: 'SVO' },
];
const code = (res: { json: any }) => res.json?.errors?.[0]?.extensions?.code;

/** Downloads a document in both forms and checks each against its schema; returns the JSON form. */
async function download(path: string, messageType: string, key = KEYS.carrierRu) {
  const xml = await restCall(server, 'GET', path, key);
  expect([xml.status, xml.headers.get('content-type')]).toEqual([200, 'application/xml; charset=utf-8']);
  expect(await xsdErrors(messageType, xml.text)).toEqual([]);
  const json = await restCall(server, 'GET', `${path}?format=json`, key);
  expect([json.status, json.headers.get('content-disposition')]).toEqual([200, expect.stringMatching(new RegExp(`^attachment; filename="${messageType}-.+\\.json"$`))]);
  expect(jsonSchemaErrors(messageType, json.text)).toEqual([]);
  return { xml: xml.text, json: json.json };
}

describe('EDI exports', () => {
  it('PREDES, ITMATT and EMSEVT of a closed dispatch validate against the published schemas and carry its records', async () => {
    const d = await closedRuDispatch(server, 2, 2, AWB);
    const predes = (await download(`/api/edi/dispatches/${d.id}/predes`, 'PREDES')).json;
    expect(predes).toMatchObject({
      messageType: 'PREDES', senderOffice: 'MYKULA', recipient: 'RU-POST', airWaybill: AWB,
      dispatch: { dispatchId: d.dispatchNumber, originOffice: 'MYKULA', destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'UA', deliveryBillType: 'CN38' },
      plannedTransport: { mode: 'AIR', flightNumber: 'SU521' },
      totals: { receptacles: 2, items: 4 },
    });
    expect(predes.receptacles.map((r: any) => [r.receptacleId, r.itemIds])).toEqual(d.bagNumbers.map((n, i) => [n, [...d.byBag[i]].sort()]));

    const itmatt = await download(`/api/edi/dispatches/${d.id}/itmatt`, 'ITMATT');
    const item = itmatt.json.items.find((i: any) => i.itemId === d.byBag[0][0]);
    expect(item).toMatchObject({
      receptacleId: d.bagNumbers[0], customsForm: 'CN22', category: 'SALE_OF_GOODS', invoiceNumber: 'INV-2026-0001',
      sender: { name: 'Mawar Apparel Sdn Bhd', countryCode: 'MY' }, addressee: { name: 'Анна Иванова', city: 'Москва', countryCode: 'RU' },
      grossWeightGrams: 380, measuredWeightGrams: 380, totalValue: { amountMinor: 4590, currency: 'MYR' },
      contentPieces: [{ pieceNo: 1, description: "Women's cotton T-shirt, printed", quantity: 2, hsCode: '610910', originCountry: 'MY' }],
    });
    expect(itmatt.xml).toContain('<city>Москва</city>');

    const emsevt = (await download(`/api/edi/dispatches/${d.id}/emsevt`, 'EMSEVT')).json;
    expect(emsevt.events.filter((e: any) => e.itemId === d.byBag[0][0]).map((e: any) => e.eventCode)).toEqual(['EMA', 'EMB', 'EXA', 'EXC', 'EMC']);

    // The same document through GraphQL.
    const gql = await server.gql(DOCUMENT, { t: 'PREDES', id: d.id, f: 'json' }, KEYS.carrierRu);
    expect(JSON.parse(gql.data.ediDocument.body)).toEqual({ ...predes, preparedAt: expect.any(String) });
  });

  it('shows a dispatch to its carrier, hub and admins only, once it is closed', async () => {
    const d = await closedRuDispatch(server, 1, 1);
    const path = `/api/edi/dispatches/${d.id}/predes`;
    expect((await restCall(server, 'GET', path, KEYS.hub)).status).toBe(200);
    expect((await restCall(server, 'GET', path, KEYS.admin)).status).toBe(200);
    const other = await restCall(server, 'GET', path, KEYS.carrierDe);
    expect([other.status, code(other)]).toEqual([404, 'NOT_FOUND']);
    const seller = await restCall(server, 'GET', path, KEYS.seller);
    expect([seller.status, code(seller)]).toEqual([403, 'FORBIDDEN']);
    const open = await openDispatch(server, RU_PACKET_LANE);
    const notClosed = await restCall(server, 'GET', `/api/edi/dispatches/${open.id}/itmatt`, KEYS.hub);
    expect([notClosed.status, code(notClosed)]).toEqual([409, 'DISPATCH_NOT_CLOSED']);
    for (const bad of [`/api/edi/dispatches/${d.id}/cardit`, `/api/edi/dispatches/${d.id}/resdes`, `${path}?format=edifact`]) {
      const res = await restCall(server, 'GET', bad, KEYS.carrierRu);
      expect([bad, res.status, code(res)]).toEqual([bad, 400, 'BAD_USER_INPUT']);
    }
    expect((await server.gql(DOCUMENT, { t: 'ITMATT', id: d.id }, KEYS.carrierDe)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('a consignment groups closed dispatches with transport legs; its CARDIT validates and adds them up', async () => {
    const [a, b] = [await closedRuDispatch(server, 1, 2, AWB), await closedRuDispatch(server, 2, 1, AWB)];
    const created = await server.gql(CREATE, { input: { dispatchIds: [a.id, b.id], legs: LEGS } }, KEYS.hub);
    expect(created.errors).toBeUndefined();
    const c = created.data.createConsignment;
    expect(c).toMatchObject({ consignmentNumber: expect.stringMatching(/^MYKULA\d{10}$/), airWaybill: AWB, carrierCode: 'RU-POST', legs: [{ legNo: 1, departureLocation: 'KUL' }, { legNo: 2, arrivalLocation: 'SVO' }] });
    expect([...c.dispatchIds].sort()).toEqual([a.id, b.id].sort());

    const cardit = (await download(`/api/edi/consignments/${c.id}/cardit`, 'CARDIT')).json;
    expect(cardit).toMatchObject({
      consignment: { consignmentNumber: c.consignmentNumber, airWaybill: AWB, carrier: 'RU-POST' },
      legs: [{ legNo: 1, carrierCode: 'MH', transportNumber: 'MH0004', departureAt: '2026-12-03T01:00:00.000Z' }, { legNo: 2, departureLocation: 'DXB', arrivalLocation: 'SVO' }],
      totals: { dispatches: 2, receptacles: 3, items: 4 },
    });
    expect(cardit.receptacles.map((r: any) => r.receptacleId).sort()).toEqual([...a.bagNumbers, ...b.bagNumbers].sort());
    expect((await restCall(server, 'GET', `/api/edi/consignments/${c.id}/cardit`, KEYS.carrierDe)).status).toBe(404);

    // Refusals: a dispatch in two consignments, open dispatches, legs that do not connect, carrier keys.
    const twice = await server.gql(CREATE, { input: { dispatchIds: [a.id], legs: LEGS } }, KEYS.hub);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'DISPATCH_ALREADY_CONSIGNED', dispatchIds: [a.id] });
    const open = await openDispatch(server, RU_PACKET_LANE);
    expect((await server.gql(CREATE, { input: { dispatchIds: [open.id], legs: LEGS } }, KEYS.hub)).errors?.[0].extensions?.code).toBe('DISPATCH_NOT_CLOSED');
    const gap = await server.gql(CREATE, { input: { dispatchIds: [open.id], legs: [LEGS[0], { ...LEGS[1], departureLocation: 'DOH' }] } }, KEYS.hub);
    expect(gap.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'legs[1].departureLocation' });
    expect((await server.gql(CREATE, { input: { dispatchIds: [open.id], legs: LEGS } }, KEYS.carrierRu)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const consignments = await server.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consignment_dispatches WHERE dispatch_id = $1', [a.id]);
    expect(consignments[0].n).toBe(1);
  });

  it('pushes PREDES and ITMATT once per closed dispatch, and CARDIT per consignment, through signed webhooks', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const reg = await server.gql(REGISTER, { input: { url: receiver.url, eventTypes: ['edi.predes', 'edi.itmatt', 'edi.cardit'] } }, KEYS.carrierRu);
      receiver.setSecret(reg.data.registerWebhookEndpoint.secret);
      const d = await closedRuDispatch(server, 1, 2, AWB);

      const { published } = await server.silkgate.services.edi.publishClosedDispatches();
      expect(published).toBeGreaterThanOrEqual(1);
      expect((await server.silkgate.services.edi.publishClosedDispatches()).published).toBe(0);
      const created = await server.gql(CREATE, { input: { dispatchIds: [d.id], legs: LEGS } }, KEYS.hub);
      await drainDeliveries(server);

      // In order per aggregate: the dispatch's PREDES before its ITMATT; the consignment's CARDIT on its own.
      const ofDispatch = receiver.messages.filter((m) => m.data.aggregateId === d.id);
      const ofConsignment = receiver.messages.filter((m) => m.data.aggregateId === created.data.createConsignment.id);
      expect([ofDispatch.map((m) => m.type), ofConsignment.map((m) => m.type)]).toEqual([['edi.predes', 'edi.itmatt'], ['edi.cardit']]);
      for (const m of [...ofDispatch, ...ofConsignment]) {
        const { aggregateId: _id, aggregateType: _type, ...document } = m.data;
        expect([m.type, jsonSchemaErrors(String(document.messageType), JSON.stringify(document))]).toEqual([m.type, []]);
      }
      expect(ofDispatch[1].data.items).toHaveLength(2);
      await server.gql(DELETE_ENDPOINT, { id: reg.data.registerWebhookEndpoint.endpoint.id }, KEYS.carrierRu);
    } finally {
      await receiver.close();
    }
  });
});
