import DataLoader from 'dataloader';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import type { AssessmentLine } from '../../standards/tax/index.js';
import { requireRole } from '../auth/authorization.js';
import type { Principal } from '../auth/principal.js';
import type * as repo from './customs.repository.js';
import { encodeQueueCursor } from './declarations.service.js';
import type { CustomsState } from './customs.state-machine.js';
import { connection } from '../../platform/pagination.js';

export type { VersionConflict as VersionConflictModel, IllegalTransition as IllegalTransitionModel, DutyPaymentRecorded as DutyPaymentRecordedModel } from './customs.types.js';
export type AssessmentLineModel = AssessmentLine & { currency: string };

interface CustomsLoaders {
  declaration: DataLoader<string, repo.DeclarationRow | undefined>;
  assessment: DataLoader<string, repo.AssessmentRow | undefined>;
  riskHits: DataLoader<string, repo.RiskHitRow[]>;
  documentRequests: DataLoader<string, repo.DocumentRequestRow[]>;
  payments: DataLoader<string, repo.PaymentRow[]>;
  inspections: DataLoader<string, repo.InspectionRow[]>;
}

const loaderCache = new WeakMap<GraphQLContext, CustomsLoaders>();

function group<T extends { shipmentId: string }>(ids: readonly string[], rows: T[]): T[][] {
  const by = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) by.get(r.shipmentId)?.push(r);
  return ids.map((id) => by.get(id) ?? []);
}

/** Per-request batching for the customs fields (one query per field per page, not per row). */
function loaders(ctx: GraphQLContext): CustomsLoaders {
  let l = loaderCache.get(ctx);
  if (!l) {
    const customs = ctx.services.customs.declarations;
    l = {
      declaration: new DataLoader(async (ids) => {
        const by = new Map((await customs.declarationsFor(ids)).map((r) => [r.shipmentId, r]));
        return ids.map((id) => by.get(id));
      }),
      assessment: new DataLoader(async (ids) => {
        const by = new Map((await customs.assessmentsFor(ids)).map((r) => [r.shipmentId, r]));
        return ids.map((id) => by.get(id));
      }),
      riskHits: new DataLoader(async (ids) => group(ids, await customs.riskHitsFor(ids))),
      documentRequests: new DataLoader(async (ids) => group(ids, await customs.documentRequestsFor(ids))),
      payments: new DataLoader(async (ids) => group(ids, await customs.paymentsFor(ids))),
      inspections: new DataLoader(async (ids) => group(ids, await customs.inspectionsFor(ids))),
    };
    loaderCache.set(ctx, l);
  }
  return l;
}

/** Risk targeting (lane, score, hits) is for customs: sellers and hub staff see the assessment only. */
const hidesRisk = (p: Principal | null) => p?.role !== 'CUSTOMS_OFFICER' && p?.role !== 'ADMIN';
const OFFICER = ['CUSTOMS_OFFICER', 'ADMIN'] as const;

export const customsResolvers: Resolvers = {
  Query: {
    customsQueue: async (_p, { filter, first, after }, ctx) => {
      const principal = requireRole(ctx.principal, ...OFFICER);
      const page = await ctx.services.customs.declarations.queue(
        principal,
        { states: filter?.states as CustomsState[] | undefined, lanes: filter?.lanes, escalatedOnly: filter?.escalatedOnly, destinationCountry: filter?.destinationCountry },
        first ?? 50,
        after,
      );
      return connection(page, encodeQueueCursor);
    },
    customsDeclaration: (_p, { shipmentId }, ctx) =>
      ctx.services.customs.declarations.get(requireRole(ctx.principal, 'SELLER', ...OFFICER), shipmentId),
    auditTrail: (_p, { entityId }, ctx) => ctx.services.customs.declarations.auditTrail(requireRole(ctx.principal, 'SELLER', ...OFFICER), entityId),
  },
  Mutation: {
    decideDeclaration: (_p, { id, decision, reason, expectedVersion, documents }, ctx) =>
      ctx.services.customs.officers.decide(requireRole(ctx.principal, ...OFFICER), id, decision, { reason, expectedVersion, documents }, ctx.requestId) as never,
    recordInspectionResult: (_p, { id, outcome, findings, expectedVersion }, ctx) =>
      ctx.services.customs.officers.recordInspection(requireRole(ctx.principal, ...OFFICER), id, outcome, findings, expectedVersion, ctx.requestId) as never,
    respondToDocumentRequest: (_p, { requestId, response, documentReferences }, ctx) =>
      ctx.services.customs.documentRequests.respondToDocumentRequest(requireRole(ctx.principal, 'SELLER'), requestId, response, documentReferences, ctx.requestId) as never,
    recordDutyPayment: (_p, { shipmentId, paymentReference, amount }, ctx) =>
      ctx.services.customs.dutyPayments.recordDutyPayment(requireRole(ctx.principal, 'SELLER'), shipmentId, paymentReference, amount, ctx.requestId) as never,
  },
  CustomsDecisionResult: {
    __resolveType: (r) => (r as { __typename: 'CustomsDeclaration' | 'VersionConflict' | 'IllegalTransition' }).__typename,
  },
  RecordDutyPaymentResult: {
    __resolveType: (r) => (r as { __typename: 'DutyPaymentRecorded' | 'DutyPaymentRejected' }).__typename,
  },
  Shipment: {
    // The shipment itself was already scoped to the caller.
    customs: async (s, _a, ctx) => (await loaders(ctx).declaration.load(s.id)) ?? null,
  },
  CustomsDeclaration: {
    shipment: async (d, _a, ctx) => (await ctx.services.shipments.byIds([d.shipmentId]))[0],
    direction: (d) => d.direction,
    state: (d) => d.state,
    lane: (d, _a, ctx) => (hidesRisk(ctx.principal) ? null : d.lane),
    score: (d, _a, ctx) => (hidesRisk(ctx.principal) ? null : d.score),
    riskHits: async (d, _a, ctx) => (hidesRisk(ctx.principal) ? [] : loaders(ctx).riskHits.load(d.shipmentId)),
    assessment: async (d, _a, ctx) => (await loaders(ctx).assessment.load(d.shipmentId)) ?? null,
    outstanding: (d) => ({ amountMinor: d.direction === 'IMPORT' ? Math.max(0, d.dueMinor - d.paidMinor) : 0, currency: d.dueCurrency }),
    documentRequests: (d, _a, ctx) => loaders(ctx).documentRequests.load(d.shipmentId),
    payments: (d, _a, ctx) => loaders(ctx).payments.load(d.shipmentId),
    inspections: (d, _a, ctx) => loaders(ctx).inspections.load(d.shipmentId),
    escalated: (d) => d.escalatedAt !== null,
  },
  CustomsAssessment: {
    regime: (a) => a.regime,
    value: (a) => ({ amountMinor: a.valueMinor, currency: a.currency }),
    duty: (a) => ({ amountMinor: a.dutyMinor, currency: a.currency }),
    tax: (a) => ({ amountMinor: a.taxMinor, currency: a.currency }),
    due: (a) => ({ amountMinor: a.dueMinor, currency: a.currency }),
    collectedAtSale: (a) => ({ amountMinor: a.collectedAtSaleMinor, currency: a.currency }),
    lines: (a) => a.lines.map((l) => ({ ...l, currency: a.currency })),
    inputs: (a) => a.inputs,
    assessedAt: (a) => a.createdAt,
  },
  AssessmentLine: {
    base: (l) => l.baseMinor,
    amount: (l) => ({ amountMinor: l.amountMinor, currency: l.currency }),
  },
  RiskHit: {
    detail: (h) => h.detail ?? null,
  },
  DutyPayment: {
    amount: (p) => ({ amountMinor: p.amountMinor, currency: p.currency }),
  },
  Inspection: {
    outcome: (i) => i.outcome as never,
  },
  AuditRecord: {
    id: (r) => String(r.id),
  },
};
