import DataLoader from 'dataloader';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers, Return } from '../../graphql/generated/resolvers-types.js';
import type { ShipmentModel } from '../../graphql/models.js';
import { requireRole } from '../auth/authorization.js';

// Per request: the returns of every parcel on a page in one query.
const returnLoaders = new WeakMap<GraphQLContext, DataLoader<string, Return | null>>();
function returnOf(ctx: GraphQLContext, shipmentId: string): Promise<Return | null> {
  let loader = returnLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const map = await ctx.services.returns.returnsFor(ids);
      return ids.map((id) => map.get(id) ?? null);
    });
    returnLoaders.set(ctx, loader);
  }
  return loader.load(shipmentId);
}

async function shipment(ctx: GraphQLContext, id: string): Promise<ShipmentModel> {
  return (await ctx.services.shipments.byIds([id]))[0];
}

export const returnsResolvers: Resolvers = {
  Mutation: {
    reportReturn: async (_p, { input }, ctx) => shipment(ctx, await ctx.services.returns.reportReturn(requireRole(ctx.principal, 'CARRIER'), input, ctx.requestId)),
    receiveReturn: async (_p, { trackingNumber }, ctx) => shipment(ctx, await ctx.services.returns.receiveReturn(requireRole(ctx.principal, 'HUB_OPERATOR', 'ADMIN'), trackingNumber, ctx.requestId)),
    releaseReturnReimport: async (_p, { trackingNumber }, ctx) => shipment(ctx, await ctx.services.returns.releaseReimport(requireRole(ctx.principal, 'CUSTOMS_OFFICER', 'ADMIN'), trackingNumber, ctx.requestId)),
    handReturnToSeller: async (_p, { trackingNumber }, ctx) => shipment(ctx, await ctx.services.returns.handToSeller(requireRole(ctx.principal, 'HUB_OPERATOR', 'ADMIN'), trackingNumber, ctx.requestId)),
    recallShipment: async (_p, { trackingNumber }, ctx) => shipment(ctx, await ctx.services.returns.recall(requireRole(ctx.principal, 'SELLER'), trackingNumber, ctx.requestId)),
    chooseReturnOutcome: async (_p, { trackingNumber, choice }, ctx) => shipment(ctx, await ctx.services.returns.choose(requireRole(ctx.principal, 'SELLER'), trackingNumber, choice, ctx.requestId)),
  },
  Shipment: {
    return: (s, _a, ctx) => returnOf(ctx, s.id),
  },
};
