import DataLoader from 'dataloader';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import type { Money } from '../../standards/money.js';
import { requireRole } from '../auth/authorization.js';
import type { CarrierEventOutcome } from './carrier-events.service.js';
import type { HandoffReceipt } from './handoff.repository.js';
import { encodeHandoffCursor, type AdvanceData, type HandoffRow } from './handoff.service.js';
import { isFailure } from '../../platform/failure.js';
import { connection } from '../../platform/pagination.js';

export type CarrierEventAcceptedModel = Extract<CarrierEventOutcome, { __typename: 'CarrierEventAccepted' }>;
export type CarrierEventRejectedModel = Extract<CarrierEventOutcome, { __typename: 'CarrierEventRejected' }>;
export type ReportCarrierEventsPayloadModel = CarrierEventOutcome[];
export type HandoffItemModel = AdvanceData['items'][number];
export interface HandoffContentLineModel { description: string; quantity: number; netWeightGrams: number; value: Money; hsCode: string; originCountry: string }
export type HandoffReceiptModel = HandoffReceipt;

// Per request: the advance data of every handoff on a page in one query, and their delivery bills
// in another (bags alone need not read the items, tens of MB for a large dispatch).
const advanceLoaders = new WeakMap<GraphQLContext, DataLoader<string, AdvanceData | undefined>>();
const billLoaders = new WeakMap<GraphQLContext, DataLoader<string, AdvanceData['deliveryBill'] | undefined>>();
function perRequest<T>(loaders: WeakMap<GraphQLContext, DataLoader<string, T | undefined>>, ctx: GraphQLContext, load: (ids: readonly string[]) => Promise<Map<string, T>>): DataLoader<string, T | undefined> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const map = await load(ids);
      return ids.map((id) => map.get(id));
    });
    loaders.set(ctx, loader);
  }
  return loader;
}
const advance = (ctx: GraphQLContext, h: HandoffRow) => perRequest(advanceLoaders, ctx, (ids) => ctx.services.handoffs.advanceFor(ids)).load(h.dispatchId);
const bill = (ctx: GraphQLContext, h: HandoffRow) => perRequest(billLoaders, ctx, (ids) => ctx.services.handoffs.deliveryBillsFor(ids)).load(h.dispatchId);

export const carriersResolvers: Resolvers = {
  Query: {
    handoffQueue: async (_p, { first, after }, ctx) => {
      const page = await ctx.services.handoffs.queue(requireRole(ctx.principal, 'CARRIER'), first ?? 50, after);
      return connection(page, encodeHandoffCursor);
    },
    handoffBacklog: (_p, _a, ctx) => ctx.services.handoffs.backlog(requireRole(ctx.principal, 'CARRIER')),
  },
  Mutation: {
    claimHandoffs: (_p, { max, leaseSeconds }, ctx) => ctx.services.handoffs.claim(requireRole(ctx.principal, 'CARRIER'), max ?? 100, leaseSeconds ?? 300),
    acknowledgeHandoff: (_p, { id, received }, ctx) => ctx.services.handoffs.acknowledge(requireRole(ctx.principal, 'CARRIER'), id, received, ctx.requestId),
    reportCarrierEvents: (_p, { events }, ctx) => ctx.services.carrierEvents.report(requireRole(ctx.principal, 'CARRIER'), events, ctx.requestId),
  },
  ReportCarrierEventsPayload: {
    results: (outcomes) => outcomes,
    acceptedCount: (outcomes) => outcomes.filter((o) => !isFailure(o) && !o.duplicate).length,
    duplicateCount: (outcomes) => outcomes.filter((o) => !isFailure(o) && o.duplicate).length,
    rejectedCount: (outcomes) => outcomes.filter(isFailure).length,
  },
  CarrierEventResult: {
    __resolveType: (o) => o.__typename,
  },
  CarrierEventAccepted: {
    status: (o) => o.status as never,
  },
  Handoff: {
    id: (h) => h.dispatchId,
    dispatchNumber: (h) => h.dispatchNumber.trim(),
    deliveryBill: async (h, _a, ctx) => (await bill(ctx, h)) ?? {},
    receptacles: async (h, _a, ctx) => (await bill(ctx, h))?.receptacles ?? [],
    items: async (h, _a, ctx) => (await advance(ctx, h))?.items ?? [],
    receipt: (h) => h.receipt,
  },
  HandoffItem: {
    service: (i) => String(i.service),
    category: (i) => String(i.category),
    customsForm: (i) => String(i.customsForm),
    sender: (i) => i.sender,
    addressee: (i) => i.addressee,
    grossWeightGrams: (i) => Number(i.grossWeightGrams),
    measuredWeightGrams: (i) => (i.measuredWeightGrams as number | undefined) ?? null,
    totalValue: (i) => i.totalValue as Money,
    contents: (i) => (i.contents as HandoffContentLineModel[] | undefined) ?? [],
    lithiumBatteries: (i) => (i.lithiumBatteries as string | undefined) ?? null,
    iossNumber: (i) => (i.iossNumber as string | undefined) ?? null,
    assessedDuties: (i) => i.assessedDuties ?? null,
  },
  HandoffReceipt: {
    receivedAt: (r) => new Date(r.receivedAt),
    hasDiscrepancies: (r) => r.missing.length > 0 || r.extra.length > 0,
  },
};
