import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { validateS10 } from '../../src/standards/s10.js';
import { DECLARE_MANY, DECLARE_ONE, declarationInput, uniqueRef } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const countShipments = async (key = KEYS.seller) => {
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const res: any = await server.gql(
      `query ($after: String) { shipments(first: 500, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { after },
      key,
    );
    total += res.data.shipments.edges.length;
    if (!res.data.shipments.pageInfo.hasNextPage) return total;
    after = res.data.shipments.pageInfo.endCursor;
  }
};

describe('declareShipment', () => {
  it('stores a declaration with an S10 number, derived values and its first tracking event', async () => {
    const input = declarationInput();
    const res = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
    expect(res.errors).toBeUndefined();
    const shipment = res.data.declareShipment;
    expect(shipment.__typename).toBe('Shipment');
    expect(shipment.trackingNumber).toMatch(/^LM\d{9}MY$/);
    expect(validateS10(shipment.trackingNumber).valid).toBe(true);
    expect(shipment).toMatchObject({
      sellerReference: input.sellerReference,
      service: 'TRACKED_PACKET',
      status: 'DECLARED',
      customsForm: 'CN22',
      totalValue: { amountMinor: 4590, currency: 'MYR' },
      grossWeightGrams: 380,
      netWeightGrams: 300,
      originCountry: 'MY',
      destinationCountry: 'RU',
    });
    expect(shipment.valueSdr.currency).toBe('XDR');
    expect(shipment.valueSdr.amountMinor).toBeGreaterThan(0);
    expect(shipment.valueSdr.amountMinor).toBeLessThan(4590);
    expect(shipment.lines).toEqual([
      { lineNo: 1, description: "Women's cotton T-shirt, printed", quantity: 2, hsCode: '610910', value: { amountMinor: 4590, currency: 'MYR' } },
    ]);
    // Electronic pre-advice only (SGA): acceptance (EMA) and presentation to customs (EXA) wait for the parcel itself.
    expect(shipment.events.map((e: { code: string }) => e.code)).toEqual(['SGA']);

    const again = await server.gql(`query ($t: String) { shipment(trackingNumber: $t) { id sellerReference sender { name } addressee { city } } }`, { t: shipment.trackingNumber }, KEYS.seller);
    expect(again.data.shipment).toEqual({ id: shipment.id, sellerReference: input.sellerReference, sender: { name: 'Mawar Apparel Sdn Bhd' }, addressee: { city: 'Москва' } });
  });

  it('chooses CN23 above 300 SDR and converts mixed currencies at the dated rate', async () => {
    const input = declarationInput({
      lines: [
        { description: 'Silk evening dress', quantity: 1, netWeightGrams: 400, value: { amountMinor: 150000, currency: 'MYR' }, hsCode: '620443', originCountry: 'MY' },
        { description: 'Leather handbag', quantity: 1, netWeightGrams: 600, value: { amountMinor: 10000, currency: 'USD' }, hsCode: '420221', originCountry: 'CN' },
      ],
      grossWeightGrams: 1200,
    });
    const res = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
    const shipment = res.data.declareShipment;
    expect(shipment.customsForm).toBe('CN23');
    expect(shipment.totalValue.currency).toBe('MYR');
    // USD 100 is more than RM 300 and less than RM 600 at any plausible rate
    expect(shipment.totalValue.amountMinor).toBeGreaterThan(180000);
    expect(shipment.totalValue.amountMinor).toBeLessThan(210000);
    expect(shipment.valueSdr.amountMinor).toBeGreaterThan(30000);
  });

  it.each([
    ['an unknown HS heading', { lines: [{ ...declarationInput().lines[0], hsCode: '999999' }] }, 'lines[0].hsCode', 'HS_UNKNOWN'],
    ['a malformed HS code', { lines: [{ ...declarationInput().lines[0], hsCode: '61091' }] }, 'lines[0].hsCode', 'HS_FORMAT'],
    ['a vague description', { lines: [{ ...declarationInput().lines[0], description: 'Clothes' }] }, 'lines[0].description', 'DESCRIPTION_VAGUE'],
    ['"gift" as a description', { lines: [{ ...declarationInput().lines[0], description: '2 gifts' }] }, 'lines[0].description', 'DESCRIPTION_VAGUE'],
    ['an unknown currency', { lines: [{ ...declarationInput().lines[0], value: { amountMinor: 100, currency: 'XYZ' } }] }, 'lines[0].value.currency', 'CURRENCY_UNKNOWN'],
    ['an unknown origin country', { lines: [{ ...declarationInput().lines[0], originCountry: 'XX' }] }, 'lines[0].originCountry', 'COUNTRY_UNKNOWN'],
    ['a zero quantity', { lines: [{ ...declarationInput().lines[0], quantity: 0 }] }, 'lines[0].quantity', 'NOT_POSITIVE'],
    ['a negative net weight', { lines: [{ ...declarationInput().lines[0], netWeightGrams: -5 }] }, 'lines[0].netWeightGrams', 'NOT_POSITIVE'],
    ['gross below net', { grossWeightGrams: 100 }, 'grossWeightGrams', 'LESS_THAN_NET'],
    ['an unknown addressee country', { addressee: { ...declarationInput().addressee, countryCode: 'QQ' } }, 'addressee.countryCode', 'COUNTRY_UNKNOWN'],
    ['a gift that is a sale', { category: 'GIFT' }, 'category', 'GIFT_WITH_SALE'],
    ['OTHER without explanation', { category: 'OTHER' }, 'categoryExplanation', 'REQUIRED'],
    ['no lines', { lines: [] }, 'lines', 'REQUIRED'],
    ['51 lines', { lines: Array.from({ length: 51 }, () => declarationInput().lines[0]), grossWeightGrams: 20000 }, 'lines', 'TOO_MANY'],
    ['an IOSS number outside the EU', { iossNumber: 'IM1234567890' }, 'iossNumber', 'IOSS_NOT_EU'],
    ['a bad phone', { sender: { ...declarationInput().sender, phone: 'call me' } }, 'sender.phone', 'PHONE_FORMAT'],
  ])('rejects %s, naming the field, and stores nothing', async (_label, overrides, path, code) => {
    const before = await countShipments();
    const res = await server.gql(DECLARE_ONE, { input: declarationInput(overrides) }, KEYS.seller);
    expect(res.errors).toBeUndefined();
    const result = res.data.declareShipment;
    expect(result.__typename).toBe('DeclarationRejected');
    expect(result.errorCode).toBe('DECLARATION_INVALID');
    expect(result.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]));
    expect(result.errors.every((e: { message: string }) => e.message.length > 10)).toBe(true);
    expect(await countShipments()).toBe(before);
  });

  it('names the line of a bad HS code in a multi-line declaration', async () => {
    const line = declarationInput().lines[0];
    const input = declarationInput({ lines: [line, line, { ...line, hsCode: '000000' }], grossWeightGrams: 2000 });
    const res = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
    expect(res.data.declareShipment.errors).toEqual([expect.objectContaining({ path: 'lines[2].hsCode' })]);
  });

  it('refuses a seller reference used before', async () => {
    const input = declarationInput();
    await server.gql(DECLARE_ONE, { input }, KEYS.seller);
    const res = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
    expect(res.data.declareShipment).toMatchObject({ __typename: 'DeclarationRejected', errorCode: 'SELLER_REFERENCE_TAKEN' });
  });

  it('lets two sellers use the same reference independently', async () => {
    const ref = uniqueRef('SHARED');
    const a = await server.gql(DECLARE_ONE, { input: declarationInput({ sellerReference: ref }) }, KEYS.seller);
    const b = await server.gql(DECLARE_ONE, { input: declarationInput({ sellerReference: ref }) }, KEYS.otherSeller);
    expect(a.data.declareShipment.__typename).toBe('Shipment');
    expect(b.data.declareShipment.__typename).toBe('Shipment');
  });

  it('rejects a schema-level type error with BAD_USER_INPUT and no stack trace', async () => {
    const res = await server.gql(DECLARE_ONE, { input: { ...declarationInput(), service: 'CARRIER_PIGEON' } }, KEYS.seller);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('refuses declarations without a key, with a non-seller key and with a revoked key', async () => {
    const anonymous = await server.gql(DECLARE_ONE, { input: declarationInput() });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const hub = await server.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.hub);
    expect(hub.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bogus = await server.gql(DECLARE_ONE, { input: declarationInput() }, 'sg_live_not_a_real_key');
    expect(bogus.status).toBe(401);
    expect(bogus.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('declareShipments (bulk)', () => {
  it('declares 2,000 parcels in one call, storing the valid ones and reporting each invalid one in order', async () => {
    const before = await countShipments();
    const inputs = Array.from({ length: 2000 }, (_, i) =>
      i % 100 === 7 ? declarationInput({ lines: [{ ...declarationInput().lines[0], hsCode: '123' }] }) : declarationInput({ service: i % 2 ? 'REGISTERED_SMALL_PACKET' : 'TRACKED_PACKET' }),
    );
    const res = await server.gql(DECLARE_MANY, { inputs }, KEYS.seller);
    expect(res.errors).toBeUndefined();
    const payload = res.data.declareShipments;
    expect(payload).toMatchObject({ createdCount: 1980, rejectedCount: 20, replayed: false });
    expect(payload.results).toHaveLength(2000);
    payload.results.forEach((result: any, i: number) => {
      if (i % 100 === 7) {
        expect(result).toMatchObject({ __typename: 'DeclarationRejected', index: i, errors: [expect.objectContaining({ path: 'lines[0].hsCode' })] });
      } else {
        expect(result.__typename).toBe('Shipment');
        expect(result.sellerReference).toBe(inputs[i].sellerReference);
        expect(validateS10(result.trackingNumber).valid).toBe(true);
      }
    });
    const numbers = payload.results.filter((r: any) => r.trackingNumber).map((r: any) => r.trackingNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(await countShipments()).toBe(before + 1980);
  });

  it('replays the first answer exactly, counts included, for a retried idempotency key and creates nothing', async () => {
    const inputs = [declarationInput(), declarationInput({ grossWeightGrams: 1 }), declarationInput()];
    const first = await server.gql(DECLARE_MANY, { inputs, key: 'batch-42' }, KEYS.seller);
    expect(first.data.declareShipments).toMatchObject({ createdCount: 2, rejectedCount: 1, replayed: false });
    const before = await countShipments();
    const retry = await server.gql(DECLARE_MANY, { inputs, key: 'batch-42' }, KEYS.seller);
    // The same answer, plus the flag: a client that lost the first response learns what it created.
    expect(retry.data.declareShipments).toEqual({ ...first.data.declareShipments, replayed: true });
    expect(await countShipments()).toBe(before);
  });

  it('answers concurrent retries with the same key once', async () => {
    const inputs = [declarationInput(), declarationInput()];
    const before = await countShipments();
    const answers = await Promise.all([1, 2, 3].map(() => server.gql(DECLARE_MANY, { inputs, key: 'concurrent-1' }, KEYS.seller)));
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined, undefined]);
    const ids = answers.map((a) => a.data.declareShipments.results.map((r: any) => r.id).join());
    expect(new Set(ids).size).toBe(1);
    expect(await countShipments()).toBe(before + 2);
  });

  it('refuses an idempotency key reused for different declarations', async () => {
    await server.gql(DECLARE_MANY, { inputs: [declarationInput()], key: 'batch-43' }, KEYS.seller);
    const res = await server.gql(DECLARE_MANY, { inputs: [declarationInput()], key: 'batch-43' }, KEYS.seller);
    expect(res.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keys idempotency per seller', async () => {
    const inputs = [declarationInput()];
    await server.gql(DECLARE_MANY, { inputs, key: 'same-key' }, KEYS.seller);
    const other = await server.gql(DECLARE_MANY, { inputs, key: 'same-key' }, KEYS.otherSeller);
    expect(other.data.declareShipments).toMatchObject({ createdCount: 1, replayed: false });
  });

  it('rejects a duplicate reference inside one call for that input only', async () => {
    const a = declarationInput();
    const res = await server.gql(DECLARE_MANY, { inputs: [a, declarationInput(), { ...a }] }, KEYS.seller);
    const results = res.data.declareShipments.results;
    expect(results.map((r: any) => r.__typename)).toEqual(['Shipment', 'Shipment', 'DeclarationRejected']);
    expect(results[2]).toMatchObject({ errorCode: 'SELLER_REFERENCE_TAKEN', index: 2 });
  });

  it('refuses a reference declared by an earlier call, and stores the rest of the batch', async () => {
    const earlier = declarationInput();
    await server.gql(DECLARE_MANY, { inputs: [earlier] }, KEYS.seller);
    const res = await server.gql(DECLARE_MANY, { inputs: [declarationInput(), { ...earlier }, declarationInput()] }, KEYS.seller);
    expect(res.data.declareShipments).toMatchObject({ createdCount: 2, rejectedCount: 1 });
    expect(res.data.declareShipments.results[1]).toMatchObject({ errorCode: 'SELLER_REFERENCE_TAKEN', index: 1 });
  });

  it('numbers the rest of a batch that reused a reference with the next serials, none skipped by its retry', async () => {
    const earlier = declarationInput();
    const first = await server.gql(DECLARE_MANY, { inputs: [earlier] }, KEYS.seller);
    const res = await server.gql(DECLARE_MANY, { inputs: [declarationInput(), { ...earlier }, declarationInput()] }, KEYS.seller);
    const serial = (trackingNumber: string) => Number(trackingNumber.slice(2, 10));
    const n = serial(first.data.declareShipments.results[0].trackingNumber);
    const stored = res.data.declareShipments.results.filter((r: any) => r.__typename === 'Shipment').map((r: any) => serial(r.trackingNumber));
    expect(stored).toEqual([n + 1, n + 2]);
  });

  it('gives a reference to exactly one of two calls declaring it at once; both store the rest', async () => {
    const shared = declarationInput();
    const batch = () => [...Array.from({ length: 20 }, () => declarationInput()), { ...shared }];
    const before = await countShipments();
    const [a, b] = await Promise.all([
      server.gql(DECLARE_MANY, { inputs: batch() }, KEYS.seller),
      server.gql(DECLARE_MANY, { inputs: batch() }, KEYS.seller),
    ]);
    const lastResults = [a, b].map((r: any) => r.data.declareShipments.results[20]);
    expect(lastResults.map((r: any) => r.__typename).sort()).toEqual(['DeclarationRejected', 'Shipment']);
    expect(lastResults.find((r: any) => r.__typename === 'DeclarationRejected')).toMatchObject({ errorCode: 'SELLER_REFERENCE_TAKEN', index: 20 });
    expect([a, b].map((r: any) => r.data.declareShipments.createdCount).sort()).toEqual([20, 21]);
    expect(await countShipments()).toBe(before + 41);
  });

  it('stores text with tabs, line breaks, backslashes, quotes and any script exactly as sent', async () => {
    const input = declarationInput();
    input.addressee.name = 'Анна "Аня" Петрова\\N\t李';
    input.addressee.addressLines = ['ул. Тверская, д. 7\r\nкв. 12', 'C:\\Users\\anna'];
    input.lines[0].description = 'Women\'s cotton T-shirt\twith "print" \\ 100%';
    const res = await server.gql(DECLARE_MANY, { inputs: [input] }, KEYS.seller);
    const id = res.data.declareShipments.results[0].id;
    const read = await server.gql(`query ($id: ID!) { shipment(id: $id) { addressee { name addressLines } lines { description } } }`, { id }, KEYS.seller);
    expect(read.data.shipment).toEqual({
      addressee: { name: input.addressee.name, addressLines: input.addressee.addressLines },
      lines: [{ description: input.lines[0].description.replace(/\s+/g, ' ') }],
    });
  });

  it('refuses the NUL character anywhere in a request with BAD_USER_INPUT naming where, and stores nothing', async () => {
    const before = await countShipments();
    const input = declarationInput();
    input.addressee.name = 'Anna\u0000Petrova';
    const res = await server.gql(DECLARE_MANY, { inputs: [declarationInput(), input] }, KEYS.seller);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain('variables.inputs[1].addressee.name');
    const literal = await server.gql(`{ track(trackingNumber: "RB\\u0000") { __typename } }`);
    expect(literal.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await countShipments()).toBe(before);
  });

  it('caps a call at 5,000 declarations', async () => {
    const input = declarationInput();
    const res = await server.gql(DECLARE_MANY, { inputs: Array.from({ length: 5001 }, () => input) }, KEYS.seller);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 5000 });
  });
});
