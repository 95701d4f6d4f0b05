import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { badInput } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, pageOf, pageSize } from '../../platform/pagination.js';
import { normaliseS10 } from '../../standards/s10.js';
import type { Principal } from '../auth/principal.js';
import * as repo from './hub.repository.js';
import type { HubScope } from './hub-scope.js';

// A hub keeps parcels days, not centuries; the bound also keeps the cut-off a valid date.
const MAX_DWELL_HOURS = 100_000;

/** What the floor sees of parcels in a hub: inventory, one parcel, exceptions, locations. */
export class HubParcels {
  constructor(
    private readonly db: Database,
    private readonly scope: HubScope,
    private readonly clock: Clock,
  ) {}

  locations(principal: Principal, hubCode?: string | null): Promise<repo.HubLocationRow[]> {
    return repo.listLocations(this.db, this.scope.hubFor(principal, hubCode).id);
  }

  async inventory(principal: Principal, filter: repo.InventoryFilter, first: number, after?: string | null, hubCode?: string | null): Promise<{ rows: repo.HubParcelRow[]; hasNextPage: boolean }> {
    pageSize(first);
    if (filter.minDwellHours !== undefined && !(filter.minDwellHours >= 0 && filter.minDwellHours <= MAX_DWELL_HOURS)) {
      throw badInput(`minDwellHours must be between 0 and ${MAX_DWELL_HOURS}.`);
    }
    const cursor = after ? decodeCursor(after, ['time', 'uuid']) : undefined;
    const rows = await repo.listInventory(this.db, this.scope.scopeHubId(principal, hubCode), filter, { first, after: cursor && { receivedAt: cursor[0], id: cursor[1] } }, this.clock.now());
    return pageOf(rows, first);
  }

  async parcel(principal: Principal, trackingNumber: string): Promise<repo.HubParcelRow | null> {
    const p = await repo.findHubShipment(this.db, normaliseS10(trackingNumber));
    if (!p || !p.state) return null;
    return this.scope.visible(principal, p as repo.HubParcelRow);
  }

  exceptions(principal: Principal, kind: string | undefined, first: number, hubCode?: string | null): Promise<repo.HubExceptionRow[]> {
    pageSize(first);
    return repo.listExceptions(this.db, this.scope.scopeHubId(principal, hubCode), kind, first);
  }

  /** Hours since the parcel was received, by the hub's clock (two decimals, never negative). */
  dwellHours(p: { receivedAt: Date }): number {
    return Math.max(0, Math.round(((this.clock.now().getTime() - new Date(p.receivedAt).getTime()) / 3_600_000) * 100) / 100);
  }

  inReceptacle(receptacleId: string): Promise<repo.HubParcelRow[]> {
    return repo.hubParcelsInReceptacles(this.db, [receptacleId]);
  }
}

export function encodeInventoryCursor(row: { receivedAt: Date; shipmentId: string }): string {
  return encodeCursor([new Date(row.receivedAt), row.shipmentId]);
}
