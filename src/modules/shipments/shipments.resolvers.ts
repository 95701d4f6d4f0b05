import type { DeclareShipmentResultResolvers, Resolvers } from '../../graphql/generated/resolvers-types.js';
import { formatMoney } from '../../standards/money.js';
import { requireRole } from '../auth/authorization.js';
import { isFailure } from '../../platform/failure.js';
import { encodeCursor } from './shipments.service.js';
import { connection } from '../../platform/pagination.js';

const declareShipmentResult: DeclareShipmentResultResolvers = {
  __resolveType: (result) => (isFailure(result) ? result.__typename : 'Shipment'),
};

export const shipmentsResolvers: Resolvers = {
  Query: {
    shipment: (_p, args, ctx) =>
      ctx.services.shipments.get(requireRole(ctx.principal, 'SELLER', 'CUSTOMS_OFFICER', 'HUB_OPERATOR', 'ADMIN'), args),
    shipments: async (_p, { filter, first, after }, ctx) => {
      const principal = requireRole(ctx.principal, 'SELLER', 'CUSTOMS_OFFICER', 'HUB_OPERATOR', 'ADMIN');
      const page = await ctx.services.shipments.list(
        principal,
        {
          statuses: filter?.status ?? undefined,
          destinationCountry: filter?.destinationCountry?.toUpperCase() ?? undefined,
          declaredFrom: filter?.declaredFrom ?? undefined,
          declaredTo: filter?.declaredTo ?? undefined,
          sellerReference: filter?.sellerReference ?? undefined,
          sellerOrganizationId: filter?.sellerOrganizationId ?? undefined,
        },
        first ?? 50,
        after,
      );
      return connection(page, encodeCursor);
    },
  },
  Mutation: {
    declareShipment: async (_p, { input }, ctx) =>
      ctx.services.shipments.declareOne(requireRole(ctx.principal, 'SELLER'), input, ctx.requestId),
    declareShipments: (_p, { inputs, idempotencyKey }, ctx) =>
      ctx.services.shipments.declare(requireRole(ctx.principal, 'SELLER'), inputs, idempotencyKey, ctx.requestId),
  },
  DeclareShipmentResult: declareShipmentResult,
  DeclareShipmentsPayload: {
    results: (payload) => payload.outcomes,
    createdCount: (payload) => payload.outcomes.filter((o) => !isFailure(o)).length,
    rejectedCount: (payload) => payload.outcomes.filter(isFailure).length,
  },
  Shipment: {
    service: (s) => s.service as never,
    status: (s) => s.status as never,
    category: (s) => s.category as never,
    customsForm: (s) => s.customsForm as never,
    lithiumBatteries: (s) => s.lithiumBatteries as never,
    seller: async (s, _a, ctx) => (await ctx.loaders.organization.load(s.sellerOrgId))!,
    hub: (s, _a, ctx) => ctx.services.reference.hubById(s.hubId)!,
    lines: (s, _a, ctx) => ctx.loaders.shipmentLines.load(s.id),
    grossWeightGrams: (s) => s.grossWeightG,
    netWeightGrams: (s) => s.netWeightG,
    totalValue: (s) => ({ amountMinor: s.totalValueMinor, currency: s.currency }),
    valueSdr: (s) => ({ amountMinor: s.valueSdrMinor, currency: 'XDR' }),
    customsDetails: (s) => {
      const d = s.customsDetails as {
        senderCustomsReference?: string | null; importerReference?: string | null; invoiceNumber?: string | null;
        licenceNumbers?: string[]; certificateNumbers?: string[]; comments?: string | null;
        postalCharges?: { amountMinor: number; currency: string } | null;
      };
      return {
        senderCustomsReference: d.senderCustomsReference ?? null,
        importerReference: d.importerReference ?? null,
        invoiceNumber: d.invoiceNumber ?? null,
        licenceNumbers: d.licenceNumbers ?? [],
        certificateNumbers: d.certificateNumbers ?? [],
        comments: d.comments ?? null,
        postalCharges: d.postalCharges ?? null,
      };
    },
    events: (s, _a, ctx) => ctx.loaders.shipmentEvents.load(s.id),
  },
  DeclarationLine: {
    value: (l) => l.value,
  },
  Money: {
    formatted: (m, _a, ctx) => formatMoney(m, ctx.services.reference.currencies.get(m.currency)?.minorUnits ?? 2),
  },
};
