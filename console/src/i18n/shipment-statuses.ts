import type { ShipmentStatus } from '../graphql/generated/graphql.js';

/**
 * Parcel statuses in lifecycle order, the order of `statuses` in seed/event-codes.json (the server's
 * list; test/console/catalogs.test.ts holds the two and the catalogs equal).
 */
export const SHIPMENT_STATUSES = [
  'DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED', 'CUSTOMS_REJECTED', 'SEIZED',
  'RETURNED_TO_SENDER', 'RECEIVED_AT_HUB', 'BAGGED', 'DISPATCHED', 'HANDED_TO_CARRIER', 'IN_TRANSIT', 'AT_DESTINATION',
  'IN_IMPORT_CUSTOMS', 'OUT_FOR_DELIVERY', 'DELIVERY_ATTEMPTED', 'AWAITING_COLLECTION', 'DELIVERED',
  'RETURN_IN_TRANSIT', 'RETURN_RECEIVED_AT_HUB', 'RETURN_IN_REIMPORT_CUSTOMS', 'RETURN_ABANDONED',
] as const satisfies readonly ShipmentStatus[];

type UnlistedStatus = Exclude<ShipmentStatus, (typeof SHIPMENT_STATUSES)[number]>;
const everyStatusListed: [UnlistedStatus] extends [never] ? true : UnlistedStatus = true;
void everyStatusListed;
