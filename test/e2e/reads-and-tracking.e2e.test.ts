import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildS10, checkDigit } from '../../src/standards/s10.js';
import { DECLARE_MANY, DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let mine: { id: string; trackingNumber: string; sellerReference: string }[];
let theirs: { id: string; trackingNumber: string };

beforeAll(async () => {
  server = await startTestServer();
  const inputs = Array.from({ length: 7 }, (_, i) =>
    declarationInput(i < 2 ? { addressee: { ...declarationInput().addressee, countryCode: 'DE', city: 'Berlin' } } : {}),
  );
  const res = await server.gql(DECLARE_MANY, { inputs }, KEYS.seller);
  mine = res.data.declareShipments.results;
  const other = await server.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.otherSeller);
  theirs = other.data.declareShipment;
});
afterAll(async () => {
  await server?.stop();
});

const LIST = `query ($filter: ShipmentFilter, $first: Int, $after: String) {
  shipments(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id trackingNumber destinationCountry seller { name } lines { hsCode } events { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('shipment reads are scoped by role', () => {
  it('shows a seller only its own shipments', async () => {
    const res = await server.gql(LIST, { first: 100 }, KEYS.seller);
    const ids = res.data.shipments.edges.map((e: any) => e.node.id);
    expect(ids).toEqual(expect.arrayContaining(mine.map((m) => m.id)));
    expect(ids).not.toContain(theirs.id);
    expect(new Set(res.data.shipments.edges.map((e: any) => e.node.seller.name))).toEqual(new Set(['Mawar Apparel Sdn Bhd']));
  });

  it('hides another seller’s shipment by id and by tracking number', async () => {
    const byId = await server.gql('query ($id: ID) { shipment(id: $id) { id } }', { id: theirs.id }, KEYS.seller);
    expect(byId.data.shipment).toBeNull();
    const byNumber = await server.gql('query ($t: String) { shipment(trackingNumber: $t) { id } }', { t: theirs.trackingNumber }, KEYS.seller);
    expect(byNumber.data.shipment).toBeNull();
    const own = await server.gql('query ($t: String) { shipment(trackingNumber: $t) { id } }', { t: theirs.trackingNumber }, KEYS.otherSeller);
    expect(own.data.shipment.id).toBe(theirs.id);
  });

  it('shows hub staff, officers and admins every shipment of the hub', async () => {
    for (const key of [KEYS.hub, KEYS.customs, KEYS.admin]) {
      const res = await server.gql('query ($id: ID) { shipment(id: $id) { id addressee { name } } }', { id: theirs.id }, key);
      expect(res.data.shipment.id).toBe(theirs.id);
    }
  });

  it('refuses carriers the shipment list (they work from their handoff queue)', async () => {
    const res = await server.gql(LIST, {}, KEYS.carrierRu);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('needs exactly one of id and trackingNumber', async () => {
    const none = await server.gql('{ shipment { id } }', {}, KEYS.seller);
    expect(none.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const malformedId = await server.gql('{ shipment(id: "nope") { id } }', {}, KEYS.seller);
    expect(malformedId.data.shipment).toBeNull();
  });
});

describe('shipment lists', () => {
  it('pages newest first with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await server.gql(LIST, { first: 3, after }, KEYS.seller);
      seen.push(...res.data.shipments.edges.map((e: any) => e.node.id));
      after = res.data.shipments.pageInfo.hasNextPage ? res.data.shipments.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(mine.map((m) => m.id)));
  });

  it('filters by destination, status, seller reference and date range', async () => {
    const de = await server.gql(LIST, { filter: { destinationCountry: 'de' } }, KEYS.seller);
    expect(de.data.shipments.edges.map((e: any) => e.node.destinationCountry)).toEqual(['DE', 'DE']);
    const byRef = await server.gql(LIST, { filter: { sellerReference: mine[3].sellerReference } }, KEYS.seller);
    expect(byRef.data.shipments.edges.map((e: any) => e.node.id)).toEqual([mine[3].id]);
    const declared = await server.gql(LIST, { filter: { status: ['DECLARED'] }, first: 100 }, KEYS.seller);
    expect(declared.data.shipments.edges).toHaveLength(7);
    const future = await server.gql(LIST, { filter: { declaredFrom: '2099-01-01T00:00:00Z' } }, KEYS.seller);
    expect(future.data.shipments.edges).toHaveLength(0);
    const past = await server.gql(LIST, { filter: { declaredTo: '2000-01-01T00:00:00Z' } }, KEYS.seller);
    expect(past.data.shipments.edges).toHaveLength(0);
  });

  it('rejects a forged cursor, a bad date and an out-of-range page size', async () => {
    const cursor = await server.gql(LIST, { after: 'not-a-cursor' }, KEYS.seller);
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const date = await server.gql(LIST, { filter: { declaredFrom: 'yesterday' } }, KEYS.seller);
    expect(date.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const size = await server.gql(LIST, { first: 501 }, KEYS.seller);
    expect(size.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('loads lines, events and sellers for a whole page in a fixed number of queries', async () => {
    const small = await server.gql(LIST, { first: 2 }, KEYS.admin);
    const large = await server.gql(LIST, { first: 8 }, KEYS.admin);
    expect(large.data.shipments.edges.length).toBeGreaterThan(small.data.shipments.edges.length);
    // auth + list + lines + events + sellers, whatever the page size
    expect(Number(large.headers.get('x-db-queries'))).toBe(Number(small.headers.get('x-db-queries')));
    expect(Number(large.headers.get('x-db-queries'))).toBeLessThanOrEqual(5);
  });
});

describe('public tracking', () => {
  const TRACK = `query ($n: String!) { track(trackingNumber: $n) {
    __typename
    ... on Tracking { trackingNumber status statusText originCountry destinationCountry service events { code description office countryCode occurredAt } }
    ... on InvalidTrackingNumber { errorCode message problem }
    ... on TrackingNotFound { errorCode message }
  } }`;

  it('tracks a declared parcel without a key and reveals no personal data', async () => {
    const input = declarationInput({
      addressee: { ...declarationInput().addressee, name: 'Zinaida Unique-Buyer', phone: '+7 999 000 11 22', addressLines: ['Secret lane 42'] },
    });
    const declared = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
    const number: string = declared.data.declareShipment.trackingNumber;
    const spaced = `${number.slice(0, 2)} ${number.slice(2, 5)} ${number.slice(5, 8)} ${number.slice(8, 11)} ${number.slice(11)}`.toLowerCase();
    const res = await server.gql(TRACK, { n: spaced });
    expect(res.data.track).toMatchObject({
      __typename: 'Tracking',
      trackingNumber: number,
      status: 'DECLARED',
      originCountry: 'MY',
      destinationCountry: 'RU',
      events: [
        { code: 'SGA', description: 'Shipping information received', office: 'MYKULA', countryCode: 'MY' },
      ],
    });
    const text = JSON.stringify(res);
    for (const secret of ['Zinaida', 'Unique-Buyer', '999 000', 'Secret lane', 'T-shirt', '4590', 'Mawar']) expect(text).not.toContain(secret);
  });

  it('tells a mistyped number (check digit) apart from an unknown one', async () => {
    const wrong = await server.gql(TRACK, { n: 'EE473124828MY' });
    expect(wrong.data.track).toMatchObject({ __typename: 'InvalidTrackingNumber', errorCode: 'INVALID_TRACKING_NUMBER', problem: 'CHECK_DIGIT' });
    const malformed = await server.gql(TRACK, { n: 'hello' });
    expect(malformed.data.track).toMatchObject({ __typename: 'InvalidTrackingNumber', problem: 'FORMAT' });
    const reserved = await server.gql(TRACK, { n: `JA12345678${checkDigit('12345678')}MY` });
    expect(reserved.data.track).toMatchObject({ __typename: 'InvalidTrackingNumber', problem: 'RESERVED_SERVICE_INDICATOR' });
    const unknown = await server.gql(TRACK, { n: buildS10('RR', 12345678, 'CN') });
    expect(unknown.data.track).toMatchObject({ __typename: 'TrackingNotFound', errorCode: 'TRACKING_NOT_FOUND' });
  });
});
