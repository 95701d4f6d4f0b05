import DataLoader from 'dataloader';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import { notFound } from '../../platform/errors.js';
import { requireRole } from '../auth/authorization.js';
import type { ShipmentRow } from '../shipments/shipments.repository.js';
import type { DispatchRow, ReceptacleRow } from './hub.repository.js';
import { encodeInventoryCursor } from './hub-parcels.service.js';
import { laneOf } from './hub-inputs.js';
import { isDangerousGoods } from './lanes.js';
import { fitsReceptacle } from './receptacle-fit.js';
import { isFailure } from '../../platform/failure.js';
import { connection } from '../../platform/pagination.js';

const WRITE = ['HUB_OPERATOR', 'ADMIN'] as const;
const READ = ['HUB_OPERATOR', 'CUSTOMS_OFFICER', 'ADMIN'] as const;

interface HubLoaders {
  shipment: DataLoader<string, ShipmentRow | undefined>;
  receptacle: DataLoader<string, ReceptacleRow | undefined>;
  dispatch: DataLoader<string, DispatchRow | undefined>;
  /** Open receptacles by hub id: one query per hub however many parcels ask where they go. */
  openReceptacles: DataLoader<string, ReceptacleRow[]>;
}

// Per-request batching for the hub's nested fields, keyed on the request's context object.
const loadersByContext = new WeakMap<GraphQLContext, HubLoaders>();
function loaders(ctx: GraphQLContext): HubLoaders {
  let l = loadersByContext.get(ctx);
  if (!l) {
    const byId = <T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>) =>
      new DataLoader<string, T | undefined>(async (ids) => {
        const rows = await fetch(ids);
        const map = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => map.get(id));
      });
    l = {
      shipment: byId((ids) => ctx.services.shipments.byIds(ids)),
      receptacle: byId((ids) => ctx.services.hub.receptacles.byIds(ids)),
      dispatch: byId((ids) => ctx.services.hub.dispatches.byIds(ids)),
      openReceptacles: new DataLoader((hubIds) => Promise.all(hubIds.map((hubId) => ctx.services.hub.receptacles.openAt(hubId)))),
    };
    loadersByContext.set(ctx, l);
  }
  return l;
}

/** Failures (src/platform/failure.ts) and typed rows carry __typename; the default type resolver reads it. */
const result = <T>(value: T) => value as never;

const carrierById = (ctx: GraphQLContext, id: string) => {
  const carrier = ctx.services.reference.carriers.find((c) => c.id === id);
  if (!carrier) throw notFound('Carrier');
  return carrier;
};

export const hubResolvers: Resolvers = {
  Query: {
    hubInventory: async (_p, { filter, first, after, hubCode }, ctx) => {
      const principal = requireRole(ctx.principal, ...READ);
      const page = await ctx.services.hub.parcels.inventory(
        principal,
        {
          locationCode: filter?.location?.toUpperCase() ?? undefined,
          zone: filter?.zone?.toUpperCase() ?? undefined,
          states: filter?.state ?? undefined,
          destinationCountry: filter?.destinationCountry?.toUpperCase() ?? undefined,
          minDwellHours: filter?.minDwellHours ?? undefined,
        },
        first ?? 50,
        after,
        hubCode,
      );
      return connection(page, encodeInventoryCursor);
    },
    hubParcel: (_p, { trackingNumber }, ctx) => ctx.services.hub.parcels.parcel(requireRole(ctx.principal, ...READ), trackingNumber),
    hubLocations: (_p, { hubCode }, ctx) => ctx.services.hub.parcels.locations(requireRole(ctx.principal, ...READ), hubCode),
    hubExceptions: (_p, { kind, first, hubCode }, ctx) => ctx.services.hub.parcels.exceptions(requireRole(ctx.principal, ...READ), kind ?? undefined, first ?? 50, hubCode),
    hubDwellAlerts: (_p, { minThresholdHours, first, hubCode }, ctx) =>
      ctx.services.hub.dwell.alerts(requireRole(ctx.principal, ...READ), minThresholdHours ?? undefined, first ?? 100, hubCode),
    receptacle: (_p, { id }, ctx) => ctx.services.hub.receptacles.get(requireRole(ctx.principal, ...WRITE), id),
    receptacles: (_p, { state, first, hubCode }, ctx) => ctx.services.hub.receptacles.list(requireRole(ctx.principal, ...WRITE), state ?? undefined, first ?? 50, hubCode),
    dispatch: (_p, { id }, ctx) => ctx.services.hub.dispatches.get(requireRole(ctx.principal, ...WRITE), id),
    dispatches: (_p, { state, first, hubCode }, ctx) => ctx.services.hub.dispatches.list(requireRole(ctx.principal, ...WRITE), state ?? undefined, first ?? 50, hubCode),
  },
  Mutation: {
    receiveParcel: async (_p, { input, hubCode }, ctx) =>
      result(
        await ctx.services.hub.scans.receiveOne(
          requireRole(ctx.principal, ...WRITE),
          { trackingNumber: input.trackingNumber, weightGrams: input.weightGrams, dimensionsMm: input.dimensionsMm, locationCode: input.location },
          ctx.requestId,
          hubCode,
        ),
      ),
    receiveParcels: async (_p, { inputs, hubCode }, ctx) => {
      const results = await ctx.services.hub.scans.receive(
        requireRole(ctx.principal, ...WRITE),
        inputs.map((i) => ({ trackingNumber: i.trackingNumber, weightGrams: i.weightGrams, dimensionsMm: i.dimensionsMm, locationCode: i.location })),
        ctx.requestId,
        hubCode,
      );
      const receivedCount = results.filter((r) => r.__typename === 'ParcelReceived' && !r.alreadyReceived).length;
      return { results: results.map(result), receivedCount, refusedCount: results.filter(isFailure).length };
    },
    moveParcels: async (_p, { moves, hubCode }, ctx) => {
      const results = await ctx.services.hub.scans.move(requireRole(ctx.principal, ...WRITE), moves.map((m) => ({ trackingNumber: m.trackingNumber, locationCode: m.location })), ctx.requestId, hubCode);
      const refusedCount = results.filter(isFailure).length;
      return { results: results.map(result), movedCount: results.length - refusedCount, refusedCount };
    },
    addParcelsToReceptacle: async (_p, { receptacleId, trackingNumbers }, ctx) => {
      const outcome = await ctx.services.hub.scans.bag(requireRole(ctx.principal, ...WRITE), receptacleId, trackingNumbers, ctx.requestId);
      if (isFailure(outcome)) return result(outcome);
      const refusedCount = outcome.results.filter(isFailure).length;
      return result({ __typename: 'BagParcelsPayload', receptacle: outcome.receptacle, results: outcome.results.map(result), baggedCount: outcome.results.length - refusedCount, refusedCount });
    },
    moveParcel: async (_p, { trackingNumber, location, hubCode }, ctx) =>
      result(await ctx.services.hub.scans.moveOne(requireRole(ctx.principal, ...WRITE), trackingNumber, location, ctx.requestId, hubCode)),
    openReceptacle: async (_p, { input }, ctx) => result(await ctx.services.hub.receptacles.open(requireRole(ctx.principal, ...WRITE), input, ctx.requestId)),
    addToReceptacle: async (_p, { receptacleId, trackingNumber }, ctx) =>
      result(await ctx.services.hub.scans.bagOne(requireRole(ctx.principal, ...WRITE), receptacleId, trackingNumber, ctx.requestId)),
    removeFromReceptacle: async (_p, { receptacleId, trackingNumber }, ctx) =>
      result(await ctx.services.hub.receptacles.removeParcel(requireRole(ctx.principal, ...WRITE), receptacleId, trackingNumber, ctx.requestId)),
    assignReceptacleToDispatch: async (_p, { receptacleId, dispatchId }, ctx) =>
      result(await ctx.services.hub.receptacles.assignToDispatch(requireRole(ctx.principal, ...WRITE), receptacleId, dispatchId, ctx.requestId)),
    closeReceptacle: async (_p, { receptacleId }, ctx) =>
      result(await ctx.services.hub.receptacles.close(requireRole(ctx.principal, ...WRITE), receptacleId, ctx.requestId)),
    openDispatch: async (_p, { input }, ctx) => result(await ctx.services.hub.dispatches.open(requireRole(ctx.principal, ...WRITE), input, ctx.requestId)),
    closeDispatch: async (_p, { dispatchId, airWaybill }, ctx) =>
      result(await ctx.services.hub.dispatches.close(requireRole(ctx.principal, ...WRITE), dispatchId, airWaybill, ctx.requestId)),
    consolidate: (_p, { input }, ctx) => {
      const principal = requireRole(ctx.principal, ...WRITE);
      return ctx.services.hub.consolidation.consolidate(principal, principal, input ?? {}, ctx.requestId);
    },
  },
  HubParcel: {
    shipment: async (p, _a, ctx) => (await loaders(ctx).shipment.load(p.shipmentId))!,
    state: (p) => p.state,
    location: (p) => p.locationCode,
    receivedWeightGrams: (p) => p.receivedWeightG,
    declaredWeightGrams: (p) => p.declaredWeightG,
    dimensionsMm: (p) => ({ length: p.lengthMm, width: p.widthMm, height: p.heightMm }),
    dwellHours: (p, _a, ctx) => ctx.services.hub.parcels.dwellHours(p),
    dangerousGoods: (p) => isDangerousGoods(p.lithiumBatteries),
    registered: (p, _a, ctx) => ctx.services.hub.lanes.isRegistered(p.service),
    lane: (p, _a, ctx) => {
      const hub = ctx.services.reference.hubById(p.hubId);
      return (hub && ctx.services.hub.lanes.laneFor(hub, p.destinationCountry, p.service)) ?? null;
    },
    receptacle: (p, _a, ctx) => (p.receptacleId ? (loaders(ctx).receptacle.load(p.receptacleId).then((r) => r ?? null)) : null),
    suitableReceptacles: async (p, _a, ctx) => {
      const hub = ctx.services.reference.hubById(p.hubId);
      const lane = hub && ctx.services.hub.lanes.laneFor(hub, p.destinationCountry, p.service);
      if (!lane || p.state !== 'RECEIVED' || p.customsStatus !== 'RELEASED') return [];
      const parcel = { lane, dangerousGoods: isDangerousGoods(p.lithiumBatteries), registered: ctx.services.hub.lanes.isRegistered(p.service), weightG: p.receivedWeightG };
      const open = await loaders(ctx).openReceptacles.load(p.hubId);
      return open
        .filter((r) => fitsReceptacle({ ...r, lane: laneOf(r) }, parcel, ctx.services.hub.config.receptacleMaxWeightGrams))
        .sort((a, b) => b.grossWeightG - a.grossWeightG);
    },
  },
  HubException: {
    kind: (e) => e.kind as never,
    declaredWeightGrams: (e) => e.declaredWeightG,
    measuredWeightGrams: (e) => e.measuredWeightG,
    location: (e) => e.locationCode,
  },
  HubLocation: {
    kind: (l) => l.kind as never,
  },
  Lane: {
    carrier: (lane, _a, ctx) => carrierById(ctx, lane.carrierId),
  },
  Receptacle: {
    lane: (r) => laneOf(r),
    dispatch: (r, _a, ctx) => (r.dispatchId ? loaders(ctx).dispatch.load(r.dispatchId).then((d) => d ?? null) : null),
    grossWeightGrams: (r) => r.grossWeightG,
    registered: (r) => r.registeredCount > 0,
    dangerousGoods: (r) => r.dangerousGoodsCount > 0,
    parcels: (r, _a, ctx) => ctx.services.hub.parcels.inReceptacle(r.id),
  },
  Dispatch: {
    lane: (d) => laneOf(d),
    transport: (d) => d.transport,
    receptacles: (d, _a, ctx) => ctx.services.hub.receptacles.ofDispatch(d.id),
  },
  Transport: {
    mode: (t) => t.mode as never,
    departureAt: (t) => (t.departureAt ? new Date(t.departureAt) : null),
  },
  DwellAlert: {
    location: (a) => a.locationCode,
  },
  AlreadyInReceptacle: {
    receptacle: (r, _a, ctx) => (r.receptacleId ? loaders(ctx).receptacle.load(r.receptacleId).then((x) => x ?? null) : null),
  },
};
