import { describe, expect, it } from '@jest/globals';
import { statusFromCarrierEvents } from './carrier-status.js';

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
