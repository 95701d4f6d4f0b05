import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import { requireRole } from './authorization.js';

export const authResolvers: Resolvers = {
  Query: {
    me: (_p, _a, ctx) => requireRole(ctx.principal, 'SELLER', 'CUSTOMS_OFFICER', 'HUB_OPERATOR', 'CARRIER', 'ADMIN'),
    organizations: (_p, _a, ctx) => ctx.services.auth.listOrganizations(requireRole(ctx.principal, 'ADMIN')),
  },
  Mutation: {
    createOrganization: (_p, { input }, ctx) =>
      ctx.services.auth.createOrganization(requireRole(ctx.principal, 'ADMIN'), input, ctx.requestId),
    setSellerHub: (_p, { organizationId, hubCode }, ctx) =>
      ctx.services.auth.setSellerHub(requireRole(ctx.principal, 'ADMIN'), organizationId, hubCode, ctx.requestId),
    createApiKey: (_p, { input }, ctx) => ctx.services.auth.createApiKey(requireRole(ctx.principal, 'ADMIN'), input, ctx.requestId),
    revokeApiKey: (_p, { id }, ctx) => ctx.services.auth.revokeApiKey(requireRole(ctx.principal, 'ADMIN'), id, ctx.requestId),
  },
  Me: {
    role: (me) => me.role,
    apiKey: async (me, _a, ctx) => (await ctx.services.auth.apiKey(me.apiKeyId))!,
    organization: (me, _a, ctx) => (me.organizationId ? ctx.loaders.organization.load(me.organizationId).then((o) => o ?? null) : null),
  },
  ApiKey: {
    prefix: (key) => key.keyPrefix,
    organization: (key, _a, ctx) => (key.organizationId ? ctx.loaders.organization.load(key.organizationId).then((o) => o ?? null) : null),
  },
  Organization: {
    hub: (org, _a, ctx) => (org.hubId ? (ctx.services.reference.hubById(org.hubId) ?? null) : org.kind === 'SELLER' ? ctx.services.reference.defaultHub : null),
    carrier: (org, _a, ctx) => (org.carrierId ? (ctx.services.reference.carriers.find((c) => c.id === org.carrierId) ?? null) : null),
  },
};
