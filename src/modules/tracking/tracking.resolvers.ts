import type { Resolvers } from '../../graphql/generated/resolvers-types.js';

export const trackingResolvers: Resolvers = {
  Query: {
    // The parcel and its events in one query: the public path most often asked for. Failures come as they are.
    track: (_p, { trackingNumber }, ctx) => ctx.services.tracking.timeline(trackingNumber),
  },
  Tracking: {
    status: (t) => t.status as never,
    service: (t) => t.service as never,
    statusText: (t, _a, ctx) => ctx.services.eventTexts.describeStatus(t.status),
    events: (t) => t.events,
  },
  TrackingEvent: {
    description: (e, _a, ctx) => ctx.services.eventTexts.describeEvent(e.code),
    ownCode: (e, _a, ctx) => ctx.services.eventTexts.isOwnCode(e.code),
  },
};
