import { describe, expect, it } from '@jest/globals';
import { expectIllegalTransition } from '../../../test/support/state-machine-assertions.js';
import { SHIPMENT_STATUSES, shipmentStatusMachine, statusEdge, STATUS_EDGES, type ShipmentStatus } from './shipment-status.state-machine.js';

const ORIGIN = ['DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED', 'RECEIVED_AT_HUB'];
const CARRIER = ['HANDED_TO_CARRIER', 'IN_TRANSIT', 'AT_DESTINATION', 'IN_IMPORT_CUSTOMS', 'OUT_FOR_DELIVERY', 'DELIVERY_ATTEMPTED', 'AWAITING_COLLECTION'];

/** Every allowed move, written out independently of the table under test. */
const LEGAL: [string, string][] = [
  ...ORIGIN.flatMap((from) => ['CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED', 'CUSTOMS_REJECTED', 'SEIZED'].filter((to) => to !== from).map((to) => [from, to] as [string, string])),
  ['CUSTOMS_REJECTED', 'RETURNED_TO_SENDER'],
  ...['DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED'].map((from) => [from, 'RECEIVED_AT_HUB'] as [string, string]),
  ['RECEIVED_AT_HUB', 'BAGGED'], ['CUSTOMS_RELEASED', 'BAGGED'], ['BAGGED', 'RECEIVED_AT_HUB'], ['BAGGED', 'DISPATCHED'],
  ['DISPATCHED', 'HANDED_TO_CARRIER'],
  ...[...ORIGIN, 'BAGGED', 'DISPATCHED', ...CARRIER].flatMap((from) => [...CARRIER.slice(1), 'DELIVERED'].filter((to) => to !== from).map((to) => [from, to] as [string, string])),
  // Returns: a carrier sends it back from anywhere in its hands; the seller recalls it before it is bagged.
  ...CARRIER.map((from) => [from, 'RETURN_IN_TRANSIT'] as [string, string]),
  ['RETURN_IN_TRANSIT', 'RETURN_RECEIVED_AT_HUB'], ['RETURN_IN_TRANSIT', 'RETURN_ABANDONED'], ['CUSTOMS_REJECTED', 'RETURN_ABANDONED'],
  ['RETURN_RECEIVED_AT_HUB', 'RETURN_IN_REIMPORT_CUSTOMS'], ['RETURN_RECEIVED_AT_HUB', 'RETURNED_TO_SENDER'], ['RETURN_IN_REIMPORT_CUSTOMS', 'RETURNED_TO_SENDER'],
  ...ORIGIN.map((from) => [from, 'RETURNED_TO_SENDER'] as [string, string]),
];
const legal = new Set(LEGAL.map(([a, b]) => `${a}>${b}`));
const ALL_PAIRS = SHIPMENT_STATUSES.flatMap((from) => SHIPMENT_STATUSES.map((to) => [from, to] as [ShipmentStatus, ShipmentStatus]));

describe('shipment status machine', () => {
  it('has every ShipmentStatus of the SDL', () => {
    expect(new Set(SHIPMENT_STATUSES).size).toBe(24);
  });

  it.each(LEGAL)('allows %s → %s along a named edge', (from, to) => {
    expect(shipmentStatusMachine.canTransition(from as ShipmentStatus, to as ShipmentStatus)).toBe(true);
    const edge = statusEdge(from, to)!;
    expect(STATUS_EDGES[edge].to).toBe(to);
  });

  it.each(ALL_PAIRS.filter(([a, b]) => !legal.has(`${a}>${b}`)))('refuses %s → %s', (from, to) => {
    expectIllegalTransition(shipmentStatusMachine, from, to);
    expect(statusEdge(from, to)).toBeUndefined();
  });

  it('ends in delivered, seized, returned to sender and abandoned on the way back', () => {
    expect(SHIPMENT_STATUSES.filter((s) => shipmentStatusMachine.isFinal(s)).sort()).toEqual(['DELIVERED', 'RETURNED_TO_SENDER', 'RETURN_ABANDONED', 'SEIZED']);
  });

  it('names the return edges', () => {
    expect([statusEdge('DELIVERY_ATTEMPTED', 'RETURN_IN_TRANSIT'), statusEdge('RETURN_IN_TRANSIT', 'RETURN_RECEIVED_AT_HUB'), statusEdge('RETURN_RECEIVED_AT_HUB', 'RETURNED_TO_SENDER'), statusEdge('RECEIVED_AT_HUB', 'RETURNED_TO_SENDER'), statusEdge('RETURN_IN_TRANSIT', 'RETURN_ABANDONED')])
      .toEqual(['return.carrier_return', 'return.receive_at_hub', 'return.hand_to_seller', 'return.seller_recall', 'return.abandon']);
  });
});
