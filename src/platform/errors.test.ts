import { violatesUnique } from './errors.js';

const unique = (constraint: string) => Object.assign(new Error('duplicate key'), { code: '23505', constraint });

describe('violatesUnique', () => {
  it('matches the constraint as a single server names it', () => {
    expect(violatesUnique(unique('shipment_seller_references_pkey'), 'shipment_seller_references_pkey')).toBe(true);
  });

  it('matches the constraint of a Citus shard, which carries the shard id', () => {
    expect(violatesUnique(unique('shipment_seller_references_pkey_102677'), 'shipment_seller_references_pkey')).toBe(true);
  });

  it('reads the constraint from the message when a Citus worker relayed the error without the field', () => {
    const relayed = Object.assign(new Error('duplicate key value violates unique constraint "shipment_seller_references_pkey_102668"'), { code: '23505' });
    expect(violatesUnique(relayed, 'shipment_seller_references_pkey')).toBe(true);
    expect(violatesUnique(relayed, 'shipment_tracking_numbers_pkey')).toBe(false);
  });

  it('recognises the internal error a Citus COPY relays for a duplicate key on a worker', () => {
    const copy = Object.assign(new Error('duplicate key value violates unique constraint "shipment_seller_references_pkey_102674"'), { code: 'XX000' });
    expect(violatesUnique(copy, 'shipment_seller_references_pkey')).toBe(true);
    expect(violatesUnique(Object.assign(new Error('could not connect to node'), { code: 'XX000' }), 'shipment_seller_references_pkey')).toBe(false);
  });

  it('does not match another constraint sharing the prefix, another error code or a non-database error', () => {
    expect(violatesUnique(unique('shipment_seller_references_pkey_old'), 'shipment_seller_references_pkey')).toBe(false);
    expect(violatesUnique(unique('shipment_tracking_numbers_pkey'), 'shipment_seller_references_pkey')).toBe(false);
    expect(violatesUnique(Object.assign(new Error('fk'), { code: '23503', constraint: 'shipment_seller_references_pkey' }), 'shipment_seller_references_pkey')).toBe(false);
    expect(violatesUnique(new Error('boom'), 'shipment_seller_references_pkey')).toBe(false);
    expect(violatesUnique(undefined, 'shipment_seller_references_pkey')).toBe(false);
  });
});
