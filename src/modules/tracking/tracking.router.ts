/**
 * GET /api/track/:number: the public tracking of one parcel as JSON, cacheable by a CDN. The ETag is
 * the parcel's timeline version (status, number of events, latest event id): a new event or status
 * changes it, nothing else does. `Cache-Control: public, no-cache` (the default) lets a cache keep the
 * response but makes it ask again each time; a revalidation (If-None-Match) reads the version alone, one query, and
 * is answered 304 while it holds.
 */
import { Router, type Request, type Response } from 'express';
import type { EventTexts } from './event-texts.js';
import type { TrackingService } from './tracking.service.js';

export interface TrackingRouterDeps {
  tracking: TrackingService;
  eventTexts: EventTexts;
  /**
   * Seconds a shared cache may serve the timeline without asking (SILKGATE_TRACK_CACHE_SECONDS). 0, the
   * default: it asks every time and every new event is seen at once; on a Double 11 peak a few seconds
   * let a CDN absorb repeats, at the price of a new event showing that much later.
   */
  cacheSeconds: number;
}

function cacheControl(seconds: number): string {
  return seconds > 0 ? `public, max-age=${seconds}, stale-while-revalidate=${seconds}` : 'public, no-cache';
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

export function trackingRouter({ tracking, eventTexts, cacheSeconds }: TrackingRouterDeps): Router {
  const router = Router();
  const CACHE_CONTROL = cacheControl(cacheSeconds);
  router.get('/api/track/:number', async (req: Request<{ number: string }>, res: Response) => {
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch) {
      const version = await tracking.timelineVersion(req.params.number);
      if (version && matches(ifNoneMatch, version)) {
        res.status(304).set({ etag: version, 'cache-control': CACHE_CONTROL }).end();
        return;
      }
    }
    const outcome = await tracking.timeline(req.params.number);
    if (outcome.__typename === 'InvalidTrackingNumber') {
      sendError(res, 400, outcome.errorCode, outcome.message, { problem: outcome.problem });
      return;
    }
    if (outcome.__typename === 'TrackingNotFound') {
      sendError(res, 404, outcome.errorCode, outcome.message);
      return;
    }
    const { events, ...parcel } = outcome;
    res.set({ etag: tracking.versionOf(parcel, events), 'cache-control': CACHE_CONTROL, vary: 'Accept-Encoding' });
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
