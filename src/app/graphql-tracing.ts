import type { ApolloServerPlugin } from '@apollo/server';
import { context, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { tracer } from '../platform/tracing/spans.js';
import { codeOf } from './graphql-metrics.js';

/** Each request's operation span, found again by the executor through the request's context value. */
const operationSpans = new WeakMap<object, Span>();

/**
 * One span per GraphQL operation, a child of the HTTP request's span, named as the semantic
 * conventions say ("query TrackParcel"), with the codes of the errors the client receives. Added
 * only when tracing is on (src/platform/tracing/tracing.ts).
 */
export function graphqlTracing<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const span = tracer.startSpan('graphql');
      operationSpans.set(contextValue, span);
      const codes = new Set<string>();
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!operation) return;
          span.updateName(operationName ? `${operation.operation} ${operationName}` : operation.operation);
          span.setAttribute('graphql.operation.type', operation.operation);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) codes.add(codeOf(error));
        },
        async willSendResponse() {
          if (codes.size) {
            span.setAttribute('silkgate.graphql.error_codes', [...codes]);
            span.setStatus({ code: SpanStatusCode.ERROR, message: [...codes].join(', ') });
          }
          span.end();
          operationSpans.delete(contextValue);
        },
      };
    },
  };
}

/** Runs the operation's execution inside its span, so that resolvers' database spans are its children. */
export function inOperationSpan<T>(contextValue: object, execute: () => Promise<T>): Promise<T> {
  const span = operationSpans.get(contextValue);
  return span ? context.with(trace.setSpan(context.active(), span), execute) : execute();
}
