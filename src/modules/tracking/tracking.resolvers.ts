import type { Resolvers } from '../../graphql/generated/resolvers-types.js';

export const trackingResolvers: Resolvers = {
  Query: {
    track: async (_p, { trackingNumber }, ctx) => {
      // The parcel and its events in one query: the public path most often asked for.
      const outcome = await ctx.services.tracking.timeline(trackingNumber);
      switch (outcome.kind) {
        case 'found':
          return { __typename: 'Tracking', ...outcome.tracking, events: outcome.events };
        case 'invalid':
          return { __typename: 'InvalidTrackingNumber', errorCode: 'INVALID_TRACKING_NUMBER', message: outcome.message, problem: outcome.problem };
        case 'not_found':
          return { __typename: 'TrackingNotFound', errorCode: 'TRACKING_NOT_FOUND', message: `No parcel with tracking number ${outcome.trackingNumber}.` };
      }
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
