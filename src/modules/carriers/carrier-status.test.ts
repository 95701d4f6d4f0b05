import { describe, expect, it } from '@jest/globals';
import { statusFromCarrierEvents, statusSteps } from './carrier-status.js';

const statusOf = new Map([
  ['EMD', 'AT_DESTINATION'],
  ['EDB', 'IN_IMPORT_CUSTOMS'],
  ['EDG', 'OUT_FOR_DELIVERY'],
  ['EMH', 'DELIVERY_ATTEMPTED'],
  ['EMI', 'DELIVERED'],
]);
const ev = (...codes: string[]) => codes.map((code) => ({ code }));

describe('status from carrier events', () => {
  it('follows the latest event by event time', () => {
    expect(statusFromCarrierEvents(ev('EDG', 'EDB', 'EMD'), statusOf, 'HANDED_TO_CARRIER')).toBe('OUT_FOR_DELIVERY');
    expect(statusFromCarrierEvents(ev('EMH', 'EDG'), statusOf, 'OUT_FOR_DELIVERY')).toBe('DELIVERY_ATTEMPTED');
  });

  it('treats final delivery as closing, even when an earlier-timed event is the latest to arrive', () => {
    expect(statusFromCarrierEvents(ev('EDG', 'EMI', 'EMD'), statusOf, 'AT_DESTINATION')).toBe('DELIVERED');
    expect(statusFromCarrierEvents(ev('EMH'), statusOf, 'DELIVERED')).toBe('DELIVERED');
  });

  it('skips codes without a status and keeps the current status when none has one', () => {
    expect(statusFromCarrierEvents(ev('XXX', 'EMD'), statusOf, 'HANDED_TO_CARRIER')).toBe('AT_DESTINATION');
    expect(statusFromCarrierEvents(ev('XXX'), statusOf, 'HANDED_TO_CARRIER')).toBe('HANDED_TO_CARRIER');
    expect(statusFromCarrierEvents([], statusOf, 'DISPATCHED')).toBe('DISPATCHED');
  });
});

describe('status steps of one report', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
  it('steps through each status in event time, whatever the arrival order', () => {
    const fresh = [{ code: 'EMI', occurredAt: at(3) }, { code: 'EMD', occurredAt: at(1) }, { code: 'EDG', occurredAt: at(2) }];
    const history = [...fresh].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
    expect(statusSteps('HANDED_TO_CARRIER', fresh, history, statusOf).map((s) => s.to)).toEqual(['AT_DESTINATION', 'OUT_FOR_DELIVERY', 'DELIVERED']);
  });

  it('does not step back for a late event older than one known, and lands on the history status', () => {
    const known = { code: 'EDG', occurredAt: at(5) };
    const late = { code: 'EMD', occurredAt: at(1) };
    expect(statusSteps('OUT_FOR_DELIVERY', [late], [known, late], statusOf)).toEqual([]);
    const lateDelivery = { code: 'EMI', occurredAt: at(4) };
    expect(statusSteps('OUT_FOR_DELIVERY', [lateDelivery], [known, lateDelivery], statusOf)).toEqual([{ to: 'DELIVERED', code: 'EMI', occurredAt: at(4) }]);
  });
});
