import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import { requireRole } from '../auth/authorization.js';
import type { LoadOutcome, WithdrawOutcome } from './regimes.service.js';

export const regimesResolvers: Resolvers = {
  Query: {
    regimeVersions: (_p, { section }, ctx) => {
      requireRole(ctx.principal, 'ADMIN', 'CUSTOMS_OFFICER');
      return ctx.services.regimes.list(section);
    },
  },
  Mutation: {
    loadRegimeVersions: (_p, { document }, ctx) => ctx.services.regimes.load(requireRole(ctx.principal, 'ADMIN'), document, ctx.requestId),
    withdrawRegimeVersion: (_p, { version, reason }, ctx) => ctx.services.regimes.withdraw(requireRole(ctx.principal, 'ADMIN'), version, reason, ctx.requestId),
  },
  LoadRegimeVersionsResult: {
    __resolveType: (r) => (r as LoadOutcome).__typename,
  },
  WithdrawRegimeVersionResult: {
    __resolveType: (r) => (r as WithdrawOutcome).__typename,
  },
};
