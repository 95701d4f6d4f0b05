import DataLoader from 'dataloader';
import type { ResponseCacheMarker } from '../app/response-cache.js';
import type { Services } from '../app/services.js';
import type { OrganizationRow } from '../modules/auth/auth.repository.js';
import { organizationsByIds } from '../modules/auth/auth.repository.js';
import type { Principal } from '../modules/auth/principal.js';
import type { LineRow } from '../modules/shipments/shipments.repository.js';
import type { TrackingEventRow } from '../modules/tracking/tracking.repository.js';
import type { Logger } from '../platform/logger.js';

export interface Loaders {
  shipmentLines: DataLoader<string, LineRow[]>;
  shipmentEvents: DataLoader<string, TrackingEventRow[]>;
  organization: DataLoader<string, OrganizationRow | undefined>;
}

export interface GraphQLContext {
  principal: Principal | null;
  /** The TCP peer's address: what per-address rate limits count against. */
  clientAddress: string;
  requestId: string;
  logger: Logger;
  services: Services;
  loaders: Loaders;
  /** The request's JSON body holds no NUL escape, so its variables hold no NUL (src/app/nul-guard.ts). */
  bodyFreeOfNul?: boolean;
  /** Present when the answer may be cached (src/app/response-cache.ts): resolvers of cacheable fields tag it with the parcels they show. */
  responseCache?: ResponseCacheMarker;
}

/** Per-request batching: a page of 500 shipments asking for lines and events costs two queries, not 1,000. */
export function createLoaders(services: Services): Loaders {
  return {
    shipmentLines: new DataLoader(async (ids) => {
      const byShipment = await services.shipments.linesFor(ids);
      return ids.map((id) => byShipment.get(id) ?? []);
    }),
    shipmentEvents: new DataLoader(async (ids) => {
      const byShipment = await services.tracking.eventsFor(ids);
      return ids.map((id) => byShipment.get(id) ?? []);
    }),
    organization: new DataLoader(async (ids) => {
      const rows = await organizationsByIds(services.db, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    }),
  };
}
