/** GraphQL documents and helpers for the hub specs. */
import { DECLARE_MANY, declarationInput } from './fixtures.js';
import { releaseParcels } from './customs-release.js';
import { KEYS, type TestServer } from './test-server.js';

export const RECEIVE = `mutation ($input: ReceiveParcelInput!) {
  receiveParcel(input: $input) {
    __typename
    ... on ParcelReceived { alreadyReceived parcel { trackingNumber state location receivedWeightGrams declaredWeightGrams dimensionsMm { length width height } }
      weightDiscrepancy { id kind reason declaredWeightGrams measuredWeightGrams } }
    ... on UnmanifestedParcel { errorCode message reason scannedCode exception { id kind reason scannedCode scanCount measuredWeightGrams location } }
    ... on LocationNotFound { errorCode message locationCode }
  }
}`;

export const RECEPTACLE_FIELDS = `id receptacleNumber state itemCount grossWeightGrams registered dangerousGoods serial allowRegisteredMix
  lane { originOffice destinationOffice mailCategory mailSubclass carrier { code } } dispatch { id dispatchNumber }`;

export const OPEN_RECEPTACLE = `mutation ($input: OpenReceptacleInput!) {
  openReceptacle(input: $input) {
    __typename
    ... on Receptacle { ${RECEPTACLE_FIELDS} }
    ... on ErrorResult { errorCode message }
  }
}`;

export const ADD = `mutation ($r: ID!, $t: String!) {
  addToReceptacle(receptacleId: $r, trackingNumber: $t) {
    __typename
    ... on Receptacle { id itemCount grossWeightGrams registered dangerousGoods }
    ... on ErrorResult { errorCode message }
    ... on LaneMismatch { fields expected { destinationOffice mailSubclass } actual { destinationOffice mailSubclass } }
    ... on ReceptacleOverweight { limitGrams currentGrams parcelGrams }
    ... on ParcelNotReleased { customsStatus }
    ... on AlreadyInReceptacle { receptacle { id } }
  }
}`;

export const REMOVE = `mutation ($r: ID!, $t: String!) {
  removeFromReceptacle(receptacleId: $r, trackingNumber: $t) {
    __typename
    ... on Receptacle { id itemCount grossWeightGrams }
    ... on ErrorResult { errorCode message }
  }
}`;

export const OPEN_DISPATCH = `mutation ($input: OpenDispatchInput!) {
  openDispatch(input: $input) {
    __typename
    ... on Dispatch { id dispatchNumber state year serial receptacleCount airWaybill transport { mode flightNumber departureAt } lane { destinationOffice carrier { code } } }
    ... on ErrorResult { errorCode message }
    ... on InvalidAirWaybill { problem }
  }
}`;

export const ASSIGN = `mutation ($r: ID!, $d: ID!) {
  assignReceptacleToDispatch(receptacleId: $r, dispatchId: $d) {
    __typename
    ... on Receptacle { id serial dispatch { id } }
    ... on ErrorResult { errorCode message }
    ... on DispatchMismatch { fields }
  }
}`;

export const CLOSE_RECEPTACLE = `mutation ($r: ID!) {
  closeReceptacle(receptacleId: $r) {
    __typename
    ... on Receptacle { ${RECEPTACLE_FIELDS} }
    ... on ErrorResult { errorCode message }
  }
}`;

export const CLOSE_DISPATCH = `mutation ($d: ID!, $awb: String) {
  closeDispatch(dispatchId: $d, airWaybill: $awb) {
    __typename
    ... on Dispatch { id dispatchNumber state airWaybill deliveryBill closedAt
      receptacles { id receptacleNumber state itemCount grossWeightGrams parcels { trackingNumber state } } }
    ... on ErrorResult { errorCode message }
    ... on InvalidAirWaybill { problem }
    ... on ReceptaclesStillOpen { receptacleIds }
  }
}`;

/** The Russian Post lane for TRACKED_PACKET (letter-post small packets, seed/mail-classes.json). */
export const RU_PACKET_LANE = { destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'UA', carrierCode: 'RU-POST' };
export const RU_PARCEL_LANE = { destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'CC', carrierCode: 'RU-POST' };

export async function declare(server: TestServer, count: number, overrides: Record<string, unknown> = {}): Promise<string[]> {
  const inputs = Array.from({ length: count }, () => declarationInput(overrides));
  const res = await server.gql(DECLARE_MANY, { inputs }, KEYS.seller);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.declareShipments.results.map((r: { trackingNumber: string; __typename: string; errors?: unknown }) => {
    if (r.__typename !== 'Shipment') throw new Error(`declaration rejected: ${JSON.stringify(r)}`);
    return r.trackingNumber;
  });
}

export async function receive(server: TestServer, trackingNumber: string, weightGrams = 380, location = 'RCV-01-01') {
  const res = await server.gql(RECEIVE, { input: { trackingNumber, weightGrams, dimensionsMm: { length: 300, width: 200, height: 50 }, location } }, KEYS.hub);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.receiveParcel;
}

/** Declared, released by customs and received at the hub: ready to bag. */
export async function readyParcels(server: TestServer, count: number, overrides: Record<string, unknown> = {}, weightGrams?: number): Promise<string[]> {
  const numbers = await declare(server, count, overrides);
  await releaseParcels(server, numbers);
  for (const n of numbers) await receive(server, n, weightGrams ?? (overrides.grossWeightGrams as number | undefined) ?? 380);
  return numbers;
}

export async function openReceptacle(server: TestServer, lane: Record<string, unknown> = RU_PACKET_LANE, extra: Record<string, unknown> = {}) {
  const res = await server.gql(OPEN_RECEPTACLE, { input: { ...lane, ...extra } }, KEYS.hub);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.openReceptacle;
}

export async function openDispatch(server: TestServer, lane: Record<string, unknown> = RU_PACKET_LANE, extra: Record<string, unknown> = {}) {
  const res = await server.gql(OPEN_DISPATCH, { input: { ...lane, transport: { mode: 'AIR', flightNumber: 'SU521' }, ...extra } }, KEYS.hub);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.openDispatch;
}

export async function add(server: TestServer, receptacleId: string, trackingNumber: string, key = KEYS.hub) {
  const res = await server.gql(ADD, { r: receptacleId, t: trackingNumber }, key);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.addToReceptacle;
}

/** A closed Russian Post dispatch with `bags` receptacles of `perBag` parcels. */
export async function closedRuDispatch(server: TestServer, bags: number, perBag: number, airWaybill?: string) {
  const numbers = await readyParcels(server, bags * perBag);
  const dispatch = await openDispatch(server, RU_PACKET_LANE);
  const byBag: string[][] = [];
  for (let b = 0; b < bags; b += 1) {
    const bag = await openReceptacle(server, RU_PACKET_LANE, { dispatchId: dispatch.id });
    const inBag = numbers.slice(b * perBag, (b + 1) * perBag);
    for (const n of inBag) await add(server, bag.id, n);
    await server.gql(CLOSE_RECEPTACLE, { r: bag.id }, KEYS.hub);
    byBag.push(inBag);
  }
  const closed = await server.gql(CLOSE_DISPATCH, { d: dispatch.id, awb: airWaybill }, KEYS.hub);
  if (closed.data?.closeDispatch?.state !== 'CLOSED') throw new Error(`dispatch not closed: ${JSON.stringify(closed)}`);
  const bagNumbers = closed.data.closeDispatch.receptacles.map((r: { receptacleNumber: string }) => r.receptacleNumber);
  return { id: dispatch.id as string, dispatchNumber: dispatch.dispatchNumber as string, byBag, bagNumbers: bagNumbers as string[] };
}
