import type { Resolvers } from '../../graphql/generated/resolvers-types.js';

export const referenceResolvers: Resolvers = {
  Query: {
    countries: (_p, _a, ctx) => [...ctx.services.reference.countries.values()].sort((a, b) => a.code.localeCompare(b.code)),
    hubs: (_p, _a, ctx) => ctx.services.reference.hubs,
    carriers: (_p, _a, ctx) => ctx.services.reference.carriers,
  },
  Hub: {
    s10Series: (hub) => [...hub.series.values()].map((s) => ({ service: s.service as never, serviceIndicator: s.serviceIndicator })),
  },
};
