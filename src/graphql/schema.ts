import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLScalarType, GraphQLSchema } from 'graphql';
import { attachmentsResolvers } from '../modules/attachments/attachments.resolvers.js';
import { authResolvers } from '../modules/auth/auth.resolvers.js';
import { customsResolvers } from '../modules/customs/customs.resolvers.js';
import { documentsResolvers } from '../modules/documents/documents.resolvers.js';
import { hubResolvers } from '../modules/hub/hub.resolvers.js';
import { operationsResolvers } from '../modules/operations/operations.resolvers.js';
import { referenceResolvers } from '../modules/reference/reference.resolvers.js';
import { regimesResolvers } from '../modules/regimes/regimes.resolvers.js';
import { shipmentsResolvers } from '../modules/shipments/shipments.resolvers.js';
import { trackingResolvers } from '../modules/tracking/tracking.resolvers.js';
import { carriersResolvers } from '../modules/carriers/carriers.resolvers.js';
import { returnsResolvers } from '../modules/returns/returns.resolvers.js';
import { webhooksResolvers } from '../modules/webhooks/webhooks.resolvers.js';
import { ediResolvers } from '../modules/edi/edi.resolvers.js';
import type { Resolvers } from './generated/resolvers-types.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { loadTypeDefs } from './schema-files.js';

/**
 * A scalar's coercion only: graphql-tools copies every property of a scalar resolver onto the type,
 * and a GraphQLScalarType's empty description would replace the one schema/common.graphql gives.
 */
function coercionOf(scalar: GraphQLScalarType) {
  const { serialize, parseValue, parseLiteral } = scalar.toConfig();
  return { serialize, parseValue, parseLiteral };
}

const scalarResolvers = { DateTime: coercionOf(DateTimeScalar), JSON: coercionOf(JSONScalar) };

const rootResolvers: Resolvers = {
  Query: { health: () => 'ok' },
};

/** Each feature module contributes its resolvers; a new module adds one line here. */
const moduleResolvers: (Resolvers | typeof scalarResolvers)[] = [
  scalarResolvers,
  rootResolvers,
  authResolvers,
  referenceResolvers,
  shipmentsResolvers,
  trackingResolvers,
  documentsResolvers,
  operationsResolvers,
  hubResolvers,
  customsResolvers,
  webhooksResolvers,
  carriersResolvers,
  regimesResolvers,
  attachmentsResolvers,
  ediResolvers,
  returnsResolvers,
];

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: moduleResolvers as never });
}
