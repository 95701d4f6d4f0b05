/**
 * Carrier simulator: behaves like a postal carrier's integration against a running Silkgate.
 *  - registers a webhook endpoint pointing at its own receiver (signatures verified with the
 *    standardwebhooks package, each message id processed once);
 *  - polls: claims handoffs, acknowledges them with the receptacles it "received", and reports
 *    item events EMD → EDB → EDC → EMF → EDG → EMI for every item (a receptacle event 74 per bag);
 *  - can fail a share of incoming pushes and go down for a while.
 *
 *   npm run carrier-sim -- --api http://127.0.0.1:4000/graphql --key sg_live_… \
 *     [--port 4100] [--public-url http://host:4100/webhooks] [--failure-rate 0.3] \
 *     [--down-after 30 --down-for 60] [--poll 5] [--lease 120] [--once]
 * Environment: SILKGATE_API, CARRIER_KEY, SIM_PORT, SIM_FAILURE_RATE.
 */
import { parseArgs } from 'node:util';
import { startWebhookReceiver } from './webhook-receiver.js';

const { values } = parseArgs({
  options: {
    api: { type: 'string', default: process.env.SILKGATE_API ?? 'http://127.0.0.1:4000/graphql' },
    key: { type: 'string', default: process.env.CARRIER_KEY },
    port: { type: 'string', default: process.env.SIM_PORT ?? '4100' },
    'public-url': { type: 'string' },
    'failure-rate': { type: 'string', default: process.env.SIM_FAILURE_RATE ?? '0' },
    'down-after': { type: 'string' },
    'down-for': { type: 'string', default: '30' },
    poll: { type: 'string', default: '5' },
    lease: { type: 'string', default: '120' },
    'no-events': { type: 'boolean', default: false },
    once: { type: 'boolean', default: false },
  },
});
if (!values.key) {
  console.error('Give the carrier API key: --key sg_live_… or CARRIER_KEY=…');
  process.exit(2);
}
const log = (msg: string, extra: Record<string, unknown> = {}) => console.log(JSON.stringify({ at: new Date().toISOString(), msg, ...extra }));

async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(values.api!, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${values.key}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}

const receiver = await startWebhookReceiver({
  port: Number(values.port),
  host: '0.0.0.0',
  failureRate: Number(values['failure-rate']),
  onMessage: (m) => log('push received', { id: m.id, type: m.type, aggregateId: m.data.aggregateId }),
});
const publicUrl = values['public-url'] ?? receiver.url;
const registered = await gql<{ registerWebhookEndpoint: { secret: string; endpoint: { id: string } } }>(
  `mutation ($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret endpoint { id } } }`,
  { input: { url: publicUrl, eventTypes: ['dispatch.closed', 'shipment.status_changed'], description: 'carrier-sim' } },
);
receiver.setSecret(registered.registerWebhookEndpoint.secret);
log('webhook endpoint registered', { url: publicUrl, endpointId: registered.registerWebhookEndpoint.endpoint.id });

if (values['down-after']) {
  setTimeout(() => {
    receiver.setDown(true);
    log('receiver down');
    setTimeout(() => {
      receiver.setDown(false);
      log('receiver up');
    }, Number(values['down-for']) * 1000);
  }, Number(values['down-after']) * 1000);
}

const CODES = ['EMD', 'EDB', 'EDC', 'EMF', 'EDG', 'EMI'];

async function pollOnce(): Promise<number> {
  const { claimHandoffs } = await gql<{ claimHandoffs: { id: string; dispatchNumber: string; leaseId: string; receptacles: { receptacleNumber: string }[]; items: { trackingNumber: string }[] }[] }>(
    `mutation ($lease: Int) { claimHandoffs(max: 100, leaseSeconds: $lease) { id dispatchNumber leaseId receptacles { receptacleNumber } items { trackingNumber } } }`,
    { lease: Number(values.lease) },
  );
  for (const h of claimHandoffs) {
    const bags = h.receptacles.map((r) => r.receptacleNumber);
    const ack = await gql(
      `mutation ($id: ID!, $received: HandoffReceivedInput!) { acknowledgeHandoff(id: $id, received: $received) { receipt { missing extra } } }`,
      { id: h.id, received: { receptacleNumbers: bags, leaseId: h.leaseId } },
    );
    log('dispatch acknowledged', { dispatchNumber: h.dispatchNumber, receptacles: bags.length, items: h.items.length, receipt: ack.acknowledgeHandoff.receipt });
    if (values['no-events']) continue;
    const start = Date.now();
    const events = [
      ...bags.map((b) => ({ eventId: `${b}-74`, receptacleId: b, code: '74', occurredAt: new Date(start).toISOString() })),
      ...h.items.flatMap((item) => CODES.map((code, k) => ({ eventId: `${item.trackingNumber}-${code}`, trackingNumber: item.trackingNumber, code, occurredAt: new Date(start + (k + 1) * 1000).toISOString() }))),
    ];
    for (let i = 0; i < events.length; i += 1000) {
      const r = await gql(`mutation ($events: [CarrierEventInput!]!) { reportCarrierEvents(events: $events) { acceptedCount duplicateCount rejectedCount } }`, { events: events.slice(i, i + 1000) });
      log('events reported', r.reportCarrierEvents);
    }
  }
  return claimHandoffs.length;
}

let stopping = false;
const shutdown = async () => {
  stopping = true;
  log('stopping', { ...receiver.stats });
  await receiver.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

while (!stopping) {
  try {
    const n = await pollOnce();
    if (n) log('poll', { claimed: n });
  } catch (error) {
    log('poll failed', { error: (error as Error).message });
  }
  if (values.once) break;
  await new Promise((r) => setTimeout(r, Number(values.poll) * 1000));
}
if (values.once) await shutdown();
