import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import { requireRole } from '../auth/authorization.js';
import { webhookBody } from './webhook-delivery.js';
import { messageId } from './signature.js';
import { encodeDeliveryCursor } from './webhooks.service.js';
import { connection } from '../../platform/pagination.js';

const MANAGERS = ['SELLER', 'CARRIER', 'ADMIN'] as const;

export const webhooksResolvers: Resolvers = {
  Query: {
    webhookEndpoints: (_p, _a, ctx) => ctx.services.webhooks.list(requireRole(ctx.principal, ...MANAGERS)),
    deliveries: async (_p, { filter, first, after }, ctx) => {
      const page = await ctx.services.webhooks.deliveries(
        requireRole(ctx.principal, ...MANAGERS),
        {
          endpointId: filter?.endpointId ?? undefined,
          state: filter?.state ?? undefined,
          topic: filter?.topic ?? undefined,
          aggregateId: filter?.aggregateId ?? undefined,
          messageId: filter?.messageId ?? undefined,
        },
        first ?? 50,
        after,
      );
      return connection(page, encodeDeliveryCursor);
    },
  },
  Mutation: {
    registerWebhookEndpoint: (_p, { input }, ctx) => ctx.services.webhooks.register(requireRole(ctx.principal, ...MANAGERS), input, ctx.requestId),
    deleteWebhookEndpoint: (_p, { id }, ctx) => ctx.services.webhooks.delete(requireRole(ctx.principal, ...MANAGERS), id, ctx.requestId),
    replayDelivery: (_p, { id }, ctx) => ctx.services.webhooks.replay(requireRole(ctx.principal, ...MANAGERS), id, ctx.requestId),
  },
  WebhookEndpoint: {
    organization: async (e, _a, ctx) => (await ctx.loaders.organization.load(e.organizationId))!,
    circuitState: (e) => e.circuitState,
    backlog: (e, _a, ctx) => ctx.services.webhooks.backlog(e.id),
  },
  WebhookDelivery: {
    id: (d) => String(d.id),
    endpoint: async (d, _a, ctx) => (await ctx.services.webhooks.endpointById(d.endpointId))!,
    messageId: (d) => messageId(d.messageSeq),
    attemptCount: (d) => d.attempts,
    nextAttemptAt: (d) => (d.state === 'PENDING' ? d.nextAttemptAt : null),
    payload: async (d, _a, ctx) => {
      const m = await ctx.services.webhooks.messageFor(d.id);
      return m ? JSON.parse(webhookBody({ ...m, messageCreatedAt: m.createdAt, payload: m.payload as Record<string, unknown> })) : null;
    },
    attempts: async (d, _a, ctx) => (await ctx.services.webhooks.attemptsFor([d.id])).get(d.id) ?? [],
  },
};
