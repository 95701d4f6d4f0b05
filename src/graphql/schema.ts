import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
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

const rootResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: { health: () => 'ok' },
};

/** Each feature module contributes its resolvers; a new module adds one line here. */
const moduleResolvers: Resolvers[] = [
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
