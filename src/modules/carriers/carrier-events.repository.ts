import type { Queryable } from '../../db/database.js';

export interface ItemForEvents {
  id: string;
  trackingNumber: string;
  destinationCountry: string;
  sellerOrgId: string;
  status: string;
  /** The origin hub, whose office a return dispatch must go to. */
  hubId: string;
  /** The carrier of the dispatch the parcel left in, once it is bagged into one. */
  dispatchCarrierId: string | null;
}

export interface NewCarrierEvent {
  carrierId: string;
  eventId: string;
  shipmentId: string | null;
  receptacleRef: string | null;
  code: string;
  occurredAt: Date;
  office: string | null;
  countryCode: string | null;
}

/**
 * Tracking numbers are char(13): compared as bpchar the unique index answers each one; compared as
 * text every row is cast and the whole table read (700 ms a call at 100,000 parcels).
 */
export async function itemsByTrackingNumber(db: Queryable, numbers: readonly string[]): Promise<ItemForEvents[]> {
  if (numbers.length === 0) return [];
  return db.query<ItemForEvents>(
    `SELECT s.id, s.tracking_number AS "trackingNumber", s.destination_country AS "destinationCountry", s.seller_org_id AS "sellerOrgId", s.status, s.hub_id AS "hubId",
            r.carrier_id AS "dispatchCarrierId"
       FROM shipments s LEFT JOIN hub_parcels hp ON hp.shipment_id = s.id LEFT JOIN receptacles r ON r.id = hp.receptacle_id
      WHERE s.tracking_number = ANY($1::bpchar[])`,
    [numbers],
  );
}

/**
 * Inserts new events; returns the event ids that were new (the others were reported before). The key
 * is claimed in the carrier_event_keys ledger first (migration 0056: the partitioned events table
 * cannot hold a key without its partition column); only events whose key this call claimed are stored.
 */
export async function insertCarrierEvents(tx: Queryable, events: readonly NewCarrierEvent[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = await tx.query<{ eventId: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[])
         AS i (carrier_id, event_id, shipment_id, receptacle_ref, code, occurred_at, office, country_code)
     ), claimed AS (
       INSERT INTO carrier_event_keys (carrier_id, event_id) SELECT carrier_id, event_id FROM input
       ON CONFLICT (carrier_id, event_id) DO NOTHING
       RETURNING carrier_id, event_id
     )
     INSERT INTO carrier_events (carrier_id, event_id, shipment_id, receptacle_ref, code, occurred_at, office, country_code)
     SELECT i.carrier_id, i.event_id, i.shipment_id, i.receptacle_ref, i.code, i.occurred_at, i.office, i.country_code
       FROM input i JOIN claimed c ON c.carrier_id = i.carrier_id AND c.event_id = i.event_id
     RETURNING event_id AS "eventId"`,
    [
      events.map((e) => e.carrierId),
      events.map((e) => e.eventId),
      events.map((e) => e.shipmentId),
      events.map((e) => e.receptacleRef),
      events.map((e) => e.code),
      events.map((e) => e.occurredAt.toISOString()),
      events.map((e) => e.office),
      events.map((e) => e.countryCode),
    ],
  );
  return new Set(rows.map((r) => r.eventId));
}

/** Every carrier item event of the parcels, latest first (by when it happened, then when it was learnt). */
export async function carrierItemEvents(tx: Queryable, shipmentIds: readonly string[]): Promise<Map<string, { code: string; occurredAt: Date }[]>> {
  const rows = await tx.query<{ shipmentId: string; code: string; occurredAt: Date }>(
    `SELECT shipment_id AS "shipmentId", code, occurred_at AS "occurredAt" FROM carrier_events
      WHERE shipment_id = ANY($1::uuid[]) ORDER BY shipment_id, occurred_at DESC, id DESC`,
    [shipmentIds],
  );
  const map = new Map<string, { code: string; occurredAt: Date }[]>();
  for (const r of rows) {
    const list = map.get(r.shipmentId) ?? [];
    list.push(r);
    map.set(r.shipmentId, list);
  }
  return map;
}
