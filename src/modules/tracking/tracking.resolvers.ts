import type { Resolvers } from '../../graphql/generated/resolvers-types.js';

export const trackingResolvers: Resolvers = {
  Query: {
    // The parcel and its events in one query: the public path most often asked for. Failures come as they are.
    track: async (_p, { trackingNumber }, ctx) => {
      const outcome = await ctx.services.tracking.timeline(trackingNumber);
      // The answer shows this parcel: a cached copy is dropped when it changes (src/app/response-cache.ts).
      if (outcome.__typename === 'Tracking') ctx.responseCache?.tags.push(outcome.shipmentId);
      return outcome;
    },
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
