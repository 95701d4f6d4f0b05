import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import { requireRole } from '../auth/authorization.js';
import type { ConsignmentRow } from './edi.repository.js';

export type ConsignmentModel = ConsignmentRow;
export type TransportLegModel = ConsignmentRow['legs'][number];

export const ediResolvers: Resolvers = {
  Query: {
    ediDocument: (_p, { messageType, id, format }, ctx) => {
      const principal = requireRole(ctx.principal, 'CARRIER', 'HUB_OPERATOR', 'ADMIN');
      return messageType === 'CARDIT'
        ? ctx.services.edi.exportConsignment(principal, id, format ?? 'xml')
        : ctx.services.edi.exportDispatch(principal, messageType, id, format ?? 'xml');
    },
  },
  Mutation: {
    createConsignment: (_p, { input }, ctx) => ctx.services.consignments.create(requireRole(ctx.principal, 'HUB_OPERATOR', 'ADMIN'), input, ctx.requestId),
  },
  Consignment: {
    carrierCode: (c, _a, ctx) => ctx.services.reference.carriers.find((x) => x.id === c.carrierId)?.code ?? '',
  },
  TransportLeg: {
    mode: (l) => l.mode as never,
    departureAt: (l) => (l.departureAt ? new Date(l.departureAt) : null),
    arrivalAt: (l) => (l.arrivalAt ? new Date(l.arrivalAt) : null),
  },
};
