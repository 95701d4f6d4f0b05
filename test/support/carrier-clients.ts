/**
 * The carrier's side of the handoff, over GraphQL and over REST, with one shape of answers, so a
 * spec runs the same carrier flow on both interfaces.
 */
import type { TestServer } from './test-server.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; status: number };

export interface HandoffView {
  id: string;
  dispatchNumber: string;
  state: string;
  leaseId: string | null;
  leaseCount: number;
  receptacles: { receptacleNumber: string }[];
  items: { trackingNumber: string; contents: unknown; addressee: unknown; sender: unknown; service: string; customsForm: string }[];
  receipt: unknown;
}

export interface AckView { alreadyAcknowledged: boolean; receipt: { received: string[]; missing: string[]; extra: string[]; hasDiscrepancies: boolean }; handoff: { id: string; state: string } }

export interface ReportView {
  acceptedCount: number;
  duplicateCount: number;
  rejectedCount: number;
  results: { accepted: boolean; errorCode?: string; status?: string | null; duplicate?: boolean }[];
}

export interface CarrierEventBody { eventId: string; trackingNumber?: string; receptacleId?: string; code: string; occurredAt: string; office?: string; countryCode?: string }

export interface CarrierClient {
  name: string;
  queue(key: string, first?: number): Promise<Outcome<HandoffView[]>>;
  claim(key: string, max: number, leaseSeconds?: number): Promise<Outcome<Pick<HandoffView, 'id' | 'state' | 'leaseId' | 'leaseCount'>[]>>;
  acknowledge(key: string, id: string, received: { receptacleNumbers: string[]; leaseId?: string }): Promise<Outcome<AckView>>;
  report(key: string, events: CarrierEventBody[]): Promise<Outcome<ReportView>>;
}

const QUEUE = `query ($first: Int) { handoffQueue(first: $first) { edges { node { id dispatchNumber state leaseId leaseCount
  receptacles { receptacleNumber } items { trackingNumber service customsForm sender addressee
    contents { description quantity netWeightGrams value { amountMinor currency } hsCode originCountry } }
  receipt { received missing extra hasDiscrepancies } } } } }`;
const CLAIM = `mutation ($max: Int, $lease: Int) { claimHandoffs(max: $max, leaseSeconds: $lease) { id state leaseId leaseCount } }`;
const ACK = `mutation ($id: ID!, $received: HandoffReceivedInput!) {
  acknowledgeHandoff(id: $id, received: $received) { alreadyAcknowledged receipt { received missing extra hasDiscrepancies } handoff { id state } }
}`;
const REPORT = `mutation ($events: [CarrierEventInput!]!) { reportCarrierEvents(events: $events) { acceptedCount duplicateCount rejectedCount
  results { __typename ... on CarrierEventAccepted { status duplicate } ... on CarrierEventRejected { errorCode } } } }`;

export function graphqlClient(server: TestServer): CarrierClient {
  async function call<T>(query: string, variables: Record<string, unknown>, key: string, pick: (data: any) => T): Promise<Outcome<T>> {
    const res = await server.gql(query, variables, key);
    if (res.errors?.length) return { ok: false, code: String(res.errors[0].extensions?.code), status: res.status };
    return { ok: true, value: pick(res.data) };
  }
  return {
    name: 'GraphQL',
    queue: (key, first = 50) => call(QUEUE, { first }, key, (d) => d.handoffQueue.edges.map((e: { node: HandoffView }) => e.node)),
    claim: (key, max, lease = 60) => call(CLAIM, { max, lease }, key, (d) => d.claimHandoffs),
    acknowledge: (key, id, received) => call(ACK, { id, received }, key, (d) => d.acknowledgeHandoff),
    report: (key, events) =>
      call(REPORT, { events }, key, (d) => ({
        ...d.reportCarrierEvents,
        results: d.reportCarrierEvents.results.map((r: any) => ({ accepted: r.__typename === 'CarrierEventAccepted', errorCode: r.errorCode, status: r.status, duplicate: r.duplicate })),
      })),
  };
}

/** A REST call: JSON in, JSON out, the status and the body whatever they are. */
export async function restCall(server: TestServer, method: string, path: string, key?: string, body?: unknown, rawBody?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${server.url}${path}`, { method, headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function restClient(server: TestServer): CarrierClient {
  async function call<T>(method: string, path: string, key: string, body: unknown, pick: (data: any) => T): Promise<Outcome<T>> {
    const res = await restCall(server, method, path, key, body);
    if (res.status !== 200) return { ok: false, code: String(res.json?.errors?.[0]?.extensions?.code), status: res.status };
    return { ok: true, value: pick(res.json) };
  }
  return {
    name: 'REST',
    queue: (key, first = 50) => call('GET', `/api/carrier/handoffs?first=${first}`, key, undefined, (d) => d.handoffs),
    claim: (key, max, leaseSeconds = 60) => call('POST', '/api/carrier/handoffs/claim', key, { max, leaseSeconds }, (d) => d.handoffs),
    acknowledge: (key, id, received) => call('POST', `/api/carrier/handoffs/${id}/acknowledge`, key, received, (d) => d),
    report: (key, events) =>
      call('POST', '/api/carrier/events', key, { events }, (d) => ({
        ...d,
        results: d.results.map((r: any) => ({ accepted: r.result === 'accepted', errorCode: r.errorCode, status: r.status, duplicate: r.duplicate })),
      })),
  };
}

export const TRACK = `query ($n: String!) { track(trackingNumber: $n) { ... on Tracking { status events { code } } } }`;

export async function timeline(server: TestServer, trackingNumber: string): Promise<{ status: string; codes: string[] }> {
  const t = await server.gql(TRACK, { n: trackingNumber });
  return { status: t.data.track.status, codes: t.data.track.events.map((e: { code: string }) => e.code) };
}

