import type { ShipmentStatus } from '../../graphql/generated/resolvers-types.js';
import { StateMachine } from '../../platform/state-machine.js';

/** The public parcel status: ShipmentStatus of the SDL (schema/shipments.graphql), as codegen types it. */
export type { ShipmentStatus };

/** At the origin, not yet bagged: customs may still decide, the hub may receive. */
const AT_ORIGIN: readonly ShipmentStatus[] = ['DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED', 'RECEIVED_AT_HUB'];
/** With the carrier, whose events move the parcel between these freely (they report late and out of order). */
const WITH_CARRIER: readonly ShipmentStatus[] = [
  'HANDED_TO_CARRIER', 'IN_TRANSIT', 'AT_DESTINATION', 'IN_IMPORT_CUSTOMS', 'OUT_FOR_DELIVERY', 'DELIVERY_ATTEMPTED', 'AWAITING_COLLECTION',
];
/**
 * Where a carrier's item event may start from: anywhere with the carrier, and also anywhere before
 * (a carrier answers for parcels of its lanes and may scan one before its handover is acknowledged).
 * Not from a final status, nor from a parcel customs refused.
 */
const CARRIER_FROM: readonly ShipmentStatus[] = [...AT_ORIGIN, 'BAGGED', 'DISPATCHED', ...WITH_CARRIER];

export interface StatusEdge {
  from: readonly ShipmentStatus[];
  to: ShipmentStatus;
}

/**
 * Every move of the public status, by name. The name goes into the audit record and the
 * `shipment.status_changed` message (`transition`). Add a state by adding its edges here (returns
 * add theirs the same way); the machine below is derived from this table.
 *
 * Customs edges start anywhere at the origin because the public status does not show the
 * declaration's own state once the hub holds the parcel; the customs machine
 * (customs.state-machine.ts) decides which customs moves are legal.
 */
export const STATUS_EDGES = {
  'customs.review': { from: AT_ORIGIN, to: 'CUSTOMS_REVIEW' },
  'customs.hold': { from: AT_ORIGIN, to: 'CUSTOMS_HOLD' },
  'customs.request_documents': { from: AT_ORIGIN, to: 'DOCUMENTS_REQUESTED' },
  'customs.duty_due': { from: AT_ORIGIN, to: 'DUTY_DUE' },
  'customs.release': { from: AT_ORIGIN, to: 'CUSTOMS_RELEASED' },
  'customs.reject': { from: AT_ORIGIN, to: 'CUSTOMS_REJECTED' },
  'customs.seize': { from: AT_ORIGIN, to: 'SEIZED' },
  'customs.return_to_sender': { from: ['CUSTOMS_REJECTED'], to: 'RETURNED_TO_SENDER' },
  // A parcel received while customs still reviews it shows the hub's receipt; customs moves it on from there.
  'hub.receive': { from: ['DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED'], to: 'RECEIVED_AT_HUB' },
  // Bagging needs a customs release; a release after receipt shows CUSTOMS_RELEASED, so both lead here.
  'hub.bag': { from: ['RECEIVED_AT_HUB', 'CUSTOMS_RELEASED'], to: 'BAGGED' },
  'hub.unbag': { from: ['BAGGED'], to: 'RECEIVED_AT_HUB' },
  'hub.dispatch': { from: ['BAGGED'], to: 'DISPATCHED' },
  'carrier.handover': { from: ['DISPATCHED'], to: 'HANDED_TO_CARRIER' },
  'carrier.in_transit': { from: CARRIER_FROM, to: 'IN_TRANSIT' },
  'carrier.at_destination': { from: CARRIER_FROM, to: 'AT_DESTINATION' },
  'carrier.import_customs': { from: CARRIER_FROM, to: 'IN_IMPORT_CUSTOMS' },
  'carrier.out_for_delivery': { from: CARRIER_FROM, to: 'OUT_FOR_DELIVERY' },
  'carrier.delivery_attempted': { from: CARRIER_FROM, to: 'DELIVERY_ATTEMPTED' },
  'carrier.awaiting_collection': { from: CARRIER_FROM, to: 'AWAITING_COLLECTION' },
  'carrier.deliver': { from: CARRIER_FROM, to: 'DELIVERED' },
  // Returns (src/modules/returns, docs/returns.md): the carrier sends an undeliverable parcel back, the origin hub
  // re-receives it, customs re-imports it where the regime needs that, the hub hands it to the seller.
  'return.carrier_return': { from: WITH_CARRIER, to: 'RETURN_IN_TRANSIT' },
  'return.receive_at_hub': { from: ['RETURN_IN_TRANSIT'], to: 'RETURN_RECEIVED_AT_HUB' },
  'return.reimport_customs': { from: ['RETURN_RECEIVED_AT_HUB'], to: 'RETURN_IN_REIMPORT_CUSTOMS' },
  'return.hand_to_seller': { from: ['RETURN_RECEIVED_AT_HUB', 'RETURN_IN_REIMPORT_CUSTOMS'], to: 'RETURNED_TO_SENDER' },
  // The seller's recall before dispatch: the parcel never left the origin (a bagged one is unbagged first).
  'return.seller_recall': { from: AT_ORIGIN, to: 'RETURNED_TO_SENDER' },
  // The seller gives up a parcel on its way back (the destination post disposes of it), or one customs
  // rejected at the origin (abandoned to customs there, which destroys it or sells it off).
  'return.abandon': { from: ['RETURN_IN_TRANSIT', 'CUSTOMS_REJECTED'], to: 'RETURN_ABANDONED' },
} as const satisfies Record<string, StatusEdge>;

export type StatusEdgeName = keyof typeof STATUS_EDGES;

export const SHIPMENT_STATUSES: readonly ShipmentStatus[] = [
  'DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED', 'CUSTOMS_REJECTED', 'SEIZED', 'RETURNED_TO_SENDER',
  'RECEIVED_AT_HUB', 'BAGGED', 'DISPATCHED', ...WITH_CARRIER, 'DELIVERED',
  'RETURN_IN_TRANSIT', 'RETURN_RECEIVED_AT_HUB', 'RETURN_IN_REIMPORT_CUSTOMS', 'RETURN_ABANDONED',
];

const edgeByPair = new Map<string, StatusEdgeName>();
for (const [name, edge] of Object.entries(STATUS_EDGES) as [StatusEdgeName, StatusEdge][]) {
  for (const from of edge.from) {
    // Staying put is no move (changeStatus answers it as unchanged).
    if (from === edge.to) continue;
    const key = `${from}>${edge.to}`;
    if (edgeByPair.has(key)) throw new Error(`Two status edges for ${key}: ${edgeByPair.get(key)} and ${name}.`);
    edgeByPair.set(key, name);
  }
}

/** Every allowed (from, to) pair, for the guarded bulk UPDATE that checks moves in SQL. */
export const LEGAL_PAIRS: readonly { from: ShipmentStatus; to: ShipmentStatus; edge: StatusEdgeName }[] = [...edgeByPair].map(([key, edge]) => {
  const [from, to] = key.split('>') as [ShipmentStatus, ShipmentStatus];
  return { from, to, edge };
});

function table(): Record<ShipmentStatus, ShipmentStatus[]> {
  const next = Object.fromEntries(SHIPMENT_STATUSES.map((s) => [s, [] as ShipmentStatus[]])) as Record<ShipmentStatus, ShipmentStatus[]>;
  for (const { from, to } of LEGAL_PAIRS) next[from].push(to);
  return next;
}

export const shipmentStatusMachine = new StateMachine<ShipmentStatus>('Shipment status', table());

/** The name of the edge from → to, or undefined when the move is not allowed. */
export function statusEdge(from: string, to: string): StatusEdgeName | undefined {
  return edgeByPair.get(`${from}>${to}`);
}

