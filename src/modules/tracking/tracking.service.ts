import type { Queryable } from '../../db/database.js';
import { fail, type Failure, type Typed } from '../../platform/failure.js';
import { validateS10, type S10Problem } from '../../standards/s10.js';
import { eventsForShipments, publicTrackingByNumber, timelineByNumber, timelineSummaryByNumber, type PublicTracking, type TrackingEventRow } from './tracking.repository.js';

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
  constructor(private readonly db: Queryable) {}

  async track(input: string): Promise<TrackOutcome> {
    const checked = check(input);
    if (!checked.ok) return checked.outcome;
    const found = await publicTrackingByNumber(this.db, checked.trackingNumber);
    return found ? { ...found, __typename: 'Tracking' } : notFound(checked.trackingNumber);
  }

  /** track() and the parcel's events in one round trip: the public `track` query and GET /api/track. */
  async timeline(input: string): Promise<TimelineOutcome> {
    const checked = check(input);
    if (!checked.ok) return checked.outcome;
    const found = await timelineByNumber(this.db, checked.trackingNumber);
    return found ? { ...found.tracking, events: found.events, __typename: 'Tracking' } : notFound(checked.trackingNumber);
  }

  /** The timeline's current version (see versionOf), or null for a number that is invalid or unknown. */
  async timelineVersion(input: string): Promise<string | null> {
    const checked = check(input);
    if (!checked.ok) return null;
    const summary = await timelineSummaryByNumber(this.db, checked.trackingNumber);
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
