import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import { requireRole } from '../auth/authorization.js';

export const operationsResolvers: Resolvers = {
  Query: {
    opsOverview: (_p, { hours, hubCode }, ctx) => {
      const principal = requireRole(ctx.principal, 'HUB_OPERATOR', 'CUSTOMS_OFFICER', 'ADMIN');
      return ctx.services.operations.scope(principal, hours ?? 48, hubCode);
    },
  },
  // Each panel is resolved on its own, so a dashboard asks only for what it draws.
  OpsOverview: {
    statusCounts: (scope, _a, ctx) => ctx.services.operations.statusCounts(scope) as never,
    hourly: (scope, _a, ctx) => ctx.services.operations.hourly(scope),
    customsQueue: (scope, _a, ctx) => ctx.services.operations.customsQueue(scope),
    dwellBands: (scope, _a, ctx) => ctx.services.operations.dwellBands(scope),
    openReceptacles: (scope, _a, ctx) => ctx.services.operations.openReceptacles(scope),
    carrierHealth: (scope, _a, ctx) => ctx.services.operations.carrierHealth(scope),
  },
};
