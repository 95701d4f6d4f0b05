import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import { badInput } from '../../platform/errors.js';
import { searchHsCodes } from './hs-search.js';

export const referenceResolvers: Resolvers = {
  Query: {
    countries: (_p, _a, ctx) => [...ctx.services.reference.countries.values()].sort((a, b) => a.code.localeCompare(b.code)),
    hubs: (_p, _a, ctx) => ctx.services.reference.hubs,
    carriers: (_p, _a, ctx) => ctx.services.reference.carriers,
    hsCodes: (_p, { search, first }, ctx) => {
      const count = first ?? 20;
      if (count < 1 || count > 50) throw badInput('first must be between 1 and 50.');
      const { hsHeadings, hsSubheadings } = ctx.services.reference;
      return searchHsCodes([...hsHeadings.values(), ...hsSubheadings.values()], search.slice(0, 100), count);
    },
  },
  Carrier: {
    hubs: (carrier, _a, ctx) => carrier.hubIds.map((id) => ctx.services.reference.hubById(id)!),
  },
  Hub: {
    s10Series: (hub) => [...hub.series.values()].map((s) => ({ service: s.service as never, serviceIndicator: s.serviceIndicator })),
  },
};
