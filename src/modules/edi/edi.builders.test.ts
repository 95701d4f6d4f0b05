import { describe, expect, it } from '@jest/globals';
import { jsonSchemaErrors, xsdErrors } from '../../../test/support/edi-validation.js';
import { buildCardit, buildEmsevt, buildItmatt, buildPredes, type DeclarationExtras, type DispatchAdvance } from './edi.builders.js';
import { ediSchemaFiles } from './edi-schemas.js';
import { encoderFor } from './encoders/edi-encoders.js';
import type { EdiDocument } from './encoders/edi-encoder.js';
import { readFileSync } from 'node:fs';

const S8 = 'MYKULARUMOWAAUN60042';
const bag = (serial: number, highest: boolean) => `${S8}${String(serial).padStart(3, '0')}${highest ? 1 : 0}00018`;
const env = { senderOffice: 'MYKULA', recipient: 'RU-POST', preparedAt: new Date('2026-12-02T10:00:00Z') };
const party = { name: 'Анна Иванова', addressLines: ['ул. Тверская, д. 7 & <кв. 12>'], city: 'Москва', postcode: '125009', countryCode: 'RU', phone: '+7 495 123 45 67', email: null };

const advance: DispatchAdvance = {
  deliveryBill: {
    type: 'CN38', dispatchNumber: S8, originOffice: 'MYKULA', destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'UN', carrier: 'RU-POST',
    transport: { mode: 'AIR', flightNumber: 'SU3015', departureAt: '2026-12-02T12:00:00.000Z' }, airWaybill: '555-12345675', closedAt: '2026-12-02T09:00:00.000Z',
    receptacles: [
      { receptacleNumber: bag(1, false), serial: 1, weightGrams: 1800, itemCount: 1, registered: false, dangerousGoods: false, highest: false },
      { receptacleNumber: bag(2, true), serial: 2, weightGrams: 1750, itemCount: 1, registered: false, dangerousGoods: true, highest: true },
    ],
    totals: { receptacles: 2, items: 2, weightGrams: 3550 },
  },
  items: [1, 2].map((n) => ({
    trackingNumber: `LX00000000${n}MY`, receptacleNumber: bag(n, n === 2), service: 'TRACKED_PACKET', category: 'SALE_OF_GOODS',
    sender: { ...party, name: 'Mawar Apparel Sdn Bhd', countryCode: 'MY', city: 'Sepang', company: 'Mawar' }, addressee: party,
    grossWeightGrams: 380, measuredWeightGrams: n === 1 ? 385 : null, totalValue: { amountMinor: 4590, currency: 'MYR' }, customsForm: 'CN22',
    lithiumBatteries: n === 2 ? 'LITHIUM_ION_IN_EQUIPMENT' : 'NONE', iossNumber: null,
    contents: [{ description: "Women's cotton T-shirt", quantity: 2, netWeightGrams: 300, value: { amountMinor: 4590, currency: 'MYR' }, hsCode: '610910', originCountry: 'MY' }],
  })),
};
const extras = new Map<string, DeclarationExtras>([
  [advance.items[0].trackingNumber, { declaredAt: new Date('2026-12-01T08:00:00Z'), taxId: '7701234567', customsDetails: { invoiceNumber: 'INV-1', licenceNumbers: ['L-1'], certificateNumbers: [] } }],
]);

async function expectValid(doc: EdiDocument) {
  const xml = encoderFor('xml', doc.messageType).encode(doc);
  expect(await xsdErrors(doc.messageType, xml)).toEqual([]);
  const json = encoderFor('json', doc.messageType).encode(doc);
  expect(jsonSchemaErrors(doc.messageType, json)).toEqual([]);
  return { xml, json: JSON.parse(json) };
}

describe('EDI message builders and encoders', () => {
  it('ITMATT carries each item with its parties, customs references and content pieces, valid in XML and JSON', async () => {
    const doc = buildItmatt(advance, extras, env);
    const { xml, json } = await expectValid({ ...doc, items: [(doc.items as object[])[0]] });
    expect(json.items[0]).toMatchObject({
      itemId: advance.items[0].trackingNumber, acceptedAt: '2026-12-01T08:00:00.000Z', receptacleId: bag(1, false), addresseeTaxId: '7701234567', invoiceNumber: 'INV-1',
      licenceNumbers: ['L-1'], contentPieces: [{ pieceNo: 1, hsCode: '610910', originCountry: 'MY', value: { amountMinor: 4590, currency: 'MYR' } }],
    });
    expect(json.items[0]).not.toHaveProperty('certificateNumbers');
    expect(xml).toContain('<ITMATT xmlns="urn:silkgate:edi:itmatt:1">');
    expect(xml).toContain('<line>ул. Тверская, д. 7 &amp; &lt;кв. 12&gt;</line>');
  });

  it('refuses to encode an item without its acceptance date rather than write an invalid document', () => {
    const doc = buildItmatt(advance, extras, env);
    expect(() => encoderFor('xml', 'ITMATT').encode(doc)).toThrow('acceptedAt is required');
  });

  it('PREDES lists the dispatch, its receptacles with the items in each, and totals', async () => {
    const { json } = await expectValid(buildPredes(advance, env));
    expect(json.dispatch).toMatchObject({ dispatchId: S8, dispatchYear: 2026, dispatchSerial: 42, deliveryBillType: 'CN38', mailSubclass: 'UN' });
    expect(json.receptacles.map((r: any) => [r.receptacleId, r.highest, r.itemIds])).toEqual([
      [bag(1, false), false, [advance.items[0].trackingNumber]],
      [bag(2, true), true, [advance.items[1].trackingNumber]],
    ]);
    expect(json.totals).toEqual({ receptacles: 2, items: 2, grossWeightGrams: 3550 });
  });

  it('CARDIT lists the consignment, its legs, dispatches and receptacles', async () => {
    const legs = [
      { legNo: 1, mode: 'AIR', carrierCode: 'MH', transportNumber: 'MH0004', departureLocation: 'KUL', arrivalLocation: 'DXB', departureAt: new Date('2026-12-02T12:00:00Z'), arrivalAt: null },
      { legNo: 2, mode: 'AIR', carrierCode: 'SU', transportNumber: 'SU0521', departureLocation: 'DXB', arrivalLocation: 'SVO', departureAt: null, arrivalAt: null },
    ];
    const { json } = await expectValid(buildCardit({ consignmentNumber: 'MYKULA-2026-000001', airWaybill: '555-12345675', carrier: 'RU-POST', createdAt: env.preparedAt, legs }, [advance.deliveryBill], env));
    expect(json.legs.map((l: any) => `${l.departureLocation}-${l.arrivalLocation}`)).toEqual(['KUL-DXB', 'DXB-SVO']);
    expect(json.totals).toEqual({ dispatches: 1, receptacles: 2, items: 2, grossWeightGrams: 3550 });
    expect(json.receptacles[1]).toMatchObject({ receptacleId: bag(2, true), dispatchId: S8, dangerousGoods: true });
  });

  it('EMSEVT carries UPU item events only', async () => {
    const n = advance.items[0].trackingNumber;
    const events = ['EMA', 'EXA', 'EXC', 'EMC', 'SGH', 'EMD'].map((code, i) => ({ trackingNumber: n, code, occurredAt: new Date(Date.UTC(2026, 11, 1, i)), office: i < 4 ? 'MYKULA' : 'RUMOWA', countryCode: null }));
    const { json } = await expectValid(buildEmsevt(S8, events, env));
    expect(json.events.map((e: any) => e.eventCode)).toEqual(['EMA', 'EXA', 'EXC', 'EMC', 'EMD']);
    expect(json.messageId).toBe(`EMSEVT-${S8}-5`);
  });

  it('the schemas catch a wrong identifier in either form', async () => {
    const doc = buildPredes(advance, env);
    const bad = { ...doc, dispatch: { ...(doc.dispatch as object), dispatchId: 'MYKULA' } };
    expect((await xsdErrors('PREDES', encoderFor('xml', 'PREDES').encode(bad))).join()).toContain('dispatchId');
    expect(jsonSchemaErrors('PREDES', encoderFor('json', 'PREDES').encode(bad)).join()).toContain('/dispatch/dispatchId');
  });

  it('writes characters XML cannot carry as U+FFFD, so the document stays well-formed and valid', async () => {
    const doc = buildEmsevt(S8, [{ trackingNumber: advance.items[0].trackingNumber, code: 'EMD', occurredAt: env.preparedAt, office: 'RU\u0001MOW\uFFFE', countryCode: 'RU' }], env);
    const xml = encoderFor('xml', 'EMSEVT').encode(doc);
    expect(await xsdErrors('EMSEVT', xml)).toEqual([]);
    expect(xml).toContain('<office>RU\uFFFDMOW\uFFFD</office>');
  });

  it('an unknown format is a typed refusal naming the formats there are', () => {
    expect(() => encoderFor('edifact', 'CARDIT')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('xml, json') }));
  });

  it('the committed schemas are the ones the definitions generate (npm run edi:schemas)', () => {
    for (const [name, content] of Object.entries(ediSchemaFiles())) {
      expect(readFileSync(new URL(`../../../schemas/edi/${name}`, import.meta.url), 'utf8')).toBe(content);
    }
  });
});
