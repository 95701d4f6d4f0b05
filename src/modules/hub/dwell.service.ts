import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { pageSize } from '../../platform/pagination.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor, Principal } from '../auth/principal.js';
import { enqueueOutbox } from '../outbox/outbox.repository.js';
import * as repo from './dwell.repository.js';
import type { DwellAlertRow } from './hub.repository.js';
import type { HubScope } from './hub-scope.js';

const DWELL_ACTOR: Actor = { kind: 'system', name: 'system:hub-dwell' };

/** How long parcels stay in the hub: alerts past each configured threshold, and the dashboard's buckets. */
export class HubDwell {
  constructor(
    private readonly db: Database,
    private readonly scope: HubScope,
    private readonly thresholdsHours: readonly number[],
    private readonly clock: Clock,
  ) {}

  /**
   * Raises one alert per parcel and threshold for every parcel still in the hub longer than a
   * configured threshold: set-based, one INSERT … SELECT, with an outbox message to the seller and
   * an audit record per alert in the same transaction. Returns what it raised.
   */
  async check(now: Date = this.clock.now()): Promise<{ alerts: number }> {
    if (this.thresholdsHours.length === 0) return { alerts: 0 };
    return this.db.transaction(async (tx) => {
      const raised = await repo.raiseDwellAlerts(tx, this.thresholdsHours, now);
      await appendAudit(tx, raised.map((a) => ({
        actor: DWELL_ACTOR, action: 'hub.dwell_alert', entityType: 'shipment', entityId: a.shipmentId,
        after: { thresholdHours: a.thresholdHours, receivedAt: new Date(a.receivedAt).toISOString(), state: a.state, locationCode: a.locationCode },
      })));
      await enqueueOutbox(tx, raised.map((a) => ({
        topic: 'hub.dwell_exceeded', aggregateType: 'shipment', aggregateId: a.shipmentId, sellerOrgId: a.sellerOrgId,
        payload: { trackingNumber: a.trackingNumber, thresholdHours: a.thresholdHours, receivedAt: new Date(a.receivedAt).toISOString(), raisedAt: now.toISOString() },
      })));
      return { alerts: raised.length };
    });
  }

  alerts(principal: Principal, minThresholdHours: number | undefined, first: number, hubCode?: string | null): Promise<DwellAlertRow[]> {
    return repo.listDwellAlerts(this.db, this.scope.scopeHubId(principal, hubCode), minThresholdHours, pageSize(first));
  }

  /** Parcels in the hub (not dispatched) of one hub or every hub (null), counted by hours since received between `boundsHours`. */
  buckets(hubId: string | null, boundsHours: readonly number[], now: Date): Promise<{ bucket: number; count: number }[]> {
    return repo.dwellBuckets(this.db, hubId, boundsHours, now);
  }
}
