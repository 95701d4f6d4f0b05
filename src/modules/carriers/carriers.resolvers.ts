import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import { requireRole } from '../auth/authorization.js';
import type { CarrierEventOutcome } from './carrier-events.service.js';

export type CarrierEventAcceptedModel = Extract<CarrierEventOutcome, { kind: 'accepted' }>;
export type CarrierEventRejectedModel = Extract<CarrierEventOutcome, { kind: 'rejected' }>;
export type ReportCarrierEventsPayloadModel = CarrierEventOutcome[];

export const carriersResolvers: Resolvers = {
  Mutation: {
    reportCarrierEvents: (_p, { events }, ctx) => ctx.services.carrierEvents.report(requireRole(ctx.principal, 'CARRIER'), events, ctx.requestId),
  },
  ReportCarrierEventsPayload: {
    results: (outcomes) => outcomes,
    acceptedCount: (outcomes) => outcomes.filter((o) => o.kind === 'accepted' && !o.duplicate).length,
    duplicateCount: (outcomes) => outcomes.filter((o) => o.kind === 'accepted' && o.duplicate).length,
    rejectedCount: (outcomes) => outcomes.filter((o) => o.kind === 'rejected').length,
  },
  CarrierEventResult: {
    __resolveType: (o) => (o.kind === 'accepted' ? 'CarrierEventAccepted' : 'CarrierEventRejected'),
  },
  CarrierEventAccepted: {
    status: (o) => o.status as never,
  },
};
