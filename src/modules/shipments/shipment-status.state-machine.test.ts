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
];
const legal = new Set(LEGAL.map(([a, b]) => `${a}>${b}`));
const ALL_PAIRS = SHIPMENT_STATUSES.flatMap((from) => SHIPMENT_STATUSES.map((to) => [from, to] as [ShipmentStatus, ShipmentStatus]));

describe('shipment status machine', () => {
  it('has every ShipmentStatus of the SDL', () => {
    expect(new Set(SHIPMENT_STATUSES).size).toBe(20);
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

  it('ends in delivered, seized and returned to sender', () => {
    expect(SHIPMENT_STATUSES.filter((s) => shipmentStatusMachine.isFinal(s)).sort()).toEqual(['DELIVERED', 'RETURNED_TO_SENDER', 'SEIZED']);
  });
});
