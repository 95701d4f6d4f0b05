import type { Queryable } from '../../db/database.js';
import { fail, type Failure, type Typed } from '../../platform/failure.js';
import { validateS10, type S10Problem } from '../../standards/s10.js';
import { shipmentIdByTrackingNumber, type RowLocking } from '../shipments/shipments.repository.js';
import { eventsForShipments, publicTrackingByNumber, timelineByNumber, timelineSummaryByNumber, type ByNumber, type PublicTracking, type TrackingEventRow } from './tracking.repository.js';

export type { PublicTracking } from './tracking.repository.js';

export type InvalidTrackingNumber = Failure<'InvalidTrackingNumber', 'INVALID_TRACKING_NUMBER', { problem: S10Problem; trackingNumber: string }>;
export type TrackingNotFound = Failure<'TrackingNotFound', 'TRACKING_NOT_FOUND', { trackingNumber: string }>;
export type TrackFailure = InvalidTrackingNumber | TrackingNotFound;

export type TrackOutcome = Typed<PublicTracking, 'Tracking'> | TrackFailure;

/** A parcel's public data with its events, as the `track` query resolves it. */
export type PublicTimeline = PublicTracking & { events: TrackingEventRow[] };

/** A found parcel with its events, read together. */
export type TimelineOutcome = Typed<PublicTimeline, 'Tracking'> | TrackFailure;

function notFound(trackingNumber: string): TrackingNotFound {
  return fail('TrackingNotFound', 'TRACKING_NOT_FOUND', `No parcel with tracking number ${trackingNumber}.`, { trackingNumber });
}

/** A cache's key for a public timeline (an ETag): every change a buyer can see is a new event or a new status. */
function versionTag(status: string, count: number, lastId: number): string {
  return `"${status}.${count}.${lastId}"`;
}

type Checked = { ok: true; trackingNumber: string } | { ok: false; outcome: InvalidTrackingNumber };

function check(input: string): Checked {
  const result = validateS10(input);
  const trackingNumber = input.replace(/[\s-]/g, '').toUpperCase();
  if (!result.valid) return { ok: false, outcome: fail('InvalidTrackingNumber', 'INVALID_TRACKING_NUMBER', result.message, { problem: result.problem, trackingNumber }) };
  return { ok: true, trackingNumber };
}

export class TrackingService {
  /** `locking` 'sharded' (a Citus cluster): a number is first looked up in its key table, so each read goes to one shard. */
  constructor(private readonly db: Queryable, private readonly locking: RowLocking = 'ordered') {}

  /** How to find a number: by itself on one server; on a cluster with its id too, or null when the key table does not know it. */
  private async byNumber(trackingNumber: string): Promise<ByNumber | null> {
    if (this.locking !== 'sharded') return { trackingNumber };
    const shipmentId = await shipmentIdByTrackingNumber(this.db, trackingNumber);
    return shipmentId === undefined ? null : { trackingNumber, shipmentId };
  }

  async track(input: string): Promise<TrackOutcome> {
    const checked = check(input);
    if (!checked.ok) return checked.outcome;
    const by = await this.byNumber(checked.trackingNumber);
    const found = by && (await publicTrackingByNumber(this.db, by));
    return found ? { ...found, __typename: 'Tracking' } : notFound(checked.trackingNumber);
  }

  /** track() and the parcel's events in one round trip (two on a cluster): the public `track` query and GET /api/track. */
  async timeline(input: string): Promise<TimelineOutcome> {
    const checked = check(input);
    if (!checked.ok) return checked.outcome;
    const by = await this.byNumber(checked.trackingNumber);
    const found = by && (await timelineByNumber(this.db, by));
    return found ? { ...found.tracking, events: found.events, __typename: 'Tracking' } : notFound(checked.trackingNumber);
  }

  /** The timeline's current version (see versionOf), or null for a number that is invalid or unknown. */
  async timelineVersion(input: string): Promise<string | null> {
    const checked = check(input);
    if (!checked.ok) return null;
    const by = await this.byNumber(checked.trackingNumber);
    const summary = by && (await timelineSummaryByNumber(this.db, by));
    return summary ? versionTag(summary.status, summary.count, summary.lastId) : null;
  }

  /** The version of a timeline already read: status, number of events, latest event id. */
  versionOf(tracking: PublicTracking, events: readonly TrackingEventRow[]): string {
    const lastId = events.reduce((max, e) => Math.max(max, Number(e.id)), 0);
    return versionTag(tracking.status, events.length, lastId);
  }

  eventsFor(shipmentIds: readonly string[]): Promise<Map<string, TrackingEventRow[]>> {
    return eventsForShipments(this.db, shipmentIds);
  }
}
