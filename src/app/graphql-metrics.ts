import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError } from 'graphql';
import { AppError } from '../platform/errors.js';
import { graphqlDuration, graphqlErrors } from './metrics.js';
import { queryLimitCode } from './query-limits.js';

// Operation names are the client's choice: past this many distinct ones, the rest share "other".
const MAX_OPERATION_NAMES = 200;

/** The code a client sees for an error (as formatError in http-app.ts gives it). */
export function codeOf(error: GraphQLError): string {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return original.code;
  const code = queryLimitCode(error.toJSON(), error) ?? error.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

const names = new Set<string>();

/** An operation's label on /metrics: its name, 'anonymous', or 'other' past the first MAX_OPERATION_NAMES. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (names.has(name)) return name;
  if (names.size >= MAX_OPERATION_NAMES) return 'other';
  names.add(name);
  return name;
}

/** Latency of every GraphQL operation by name and type, and errors by code, for /metrics. */
export function graphqlMetrics(): ApolloServerPlugin {
  const label = operationLabel;
  return {
    async contextCreationDidFail({ error }) {
      graphqlErrors.inc({ code: codeOf(error as GraphQLError) });
    },
    async requestDidStart() {
      const end = graphqlDuration.startTimer();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) graphqlErrors.inc({ code: codeOf(error) });
        },
        async willSendResponse({ operationName, operation }) {
          end({ operation: label(operationName), type: operation?.operation ?? 'unknown' });
        },
      };
    },
  };
}
