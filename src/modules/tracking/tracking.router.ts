/**
 * GET /api/track/:number: the public tracking of one parcel as JSON, cacheable by a CDN. The ETag is
 * the parcel's timeline version (status, number of events, latest event id): a new event or status
 * changes it, nothing else does. `Cache-Control: public, no-cache` lets a cache keep the response but
 * makes it ask again each time; asking with If-None-Match costs two index probes and is answered 304.
 */
import { Router, type Request, type Response } from 'express';
import type { EventTexts } from './event-texts.js';
import type { TrackingService } from './tracking.service.js';

export interface TrackingRouterDeps {
  tracking: TrackingService;
  eventTexts: EventTexts;
}

function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  res.status(status).set('cache-control', 'no-store').json({ errors: [{ message, extensions: { ...extra, code } }] });
}

/** Whether an If-None-Match header (a list, or `*`) names this ETag; weak and strong compare alike. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function trackingRouter({ tracking, eventTexts }: TrackingRouterDeps): Router {
  const router = Router();
  router.get('/api/track/:number', async (req: Request<{ number: string }>, res: Response) => {
    const outcome = await tracking.track(req.params.number);
    if (outcome.kind === 'invalid') {
      sendError(res, 400, 'INVALID_TRACKING_NUMBER', outcome.message, { problem: outcome.problem });
      return;
    }
    if (outcome.kind === 'not_found') {
      sendError(res, 404, 'TRACKING_NOT_FOUND', `No parcel with tracking number ${outcome.trackingNumber}.`);
      return;
    }
    const { tracking: parcel } = outcome;
    const version = await tracking.timelineVersion(parcel);
    res.set({ etag: version, 'cache-control': 'public, no-cache', vary: 'Accept-Encoding' });
    if (matches(req.headers['if-none-match'], version)) {
      res.status(304).end();
      return;
    }
    const events = (await tracking.eventsFor([parcel.shipmentId])).get(parcel.shipmentId) ?? [];
    // The events read may be newer than the version read a moment before: tag what is sent.
    res.set('etag', tracking.versionOf(parcel, events));
    res.json({
      trackingNumber: parcel.trackingNumber,
      status: parcel.status,
      statusText: eventTexts.describeStatus(parcel.status),
      originCountry: parcel.originCountry,
      destinationCountry: parcel.destinationCountry,
      service: parcel.service,
      events: events.map((e) => ({
        code: e.code,
        description: eventTexts.describeEvent(e.code),
        office: e.office,
        countryCode: e.countryCode,
        occurredAt: e.occurredAt,
      })),
    });
  });
  return router;
}
