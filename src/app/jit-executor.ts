import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, printSchema, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { inOperationSpan } from './graphql-tracing.js';

/**
 * Executes operations with graphql-jit, which compiles each query (variable coercion included) into
 * plain functions: for a bulk declaration that is most of the GraphQL layer's CPU. Apollo Server 5
 * takes a custom executor only through its `gateway` option; parsing, validation and every plugin
 * hook still run as before, only `execute` is replaced.
 *
 * graphql-js stays the reference: it executes whatever graphql-jit cannot compile, and any request
 * whose variables graphql-jit refuses (nothing has run by then), so clients get graphql-js's words
 * and Apollo's BAD_USER_INPUT for them.
 */
export function jitGateway(schema: GraphQLSchema, cacheSize = 500): GatewayInterface {
  const compiled = new CompiledQueries(cacheSize);
  const listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  const run: GatewayExecutor = async ({ document, request, queryHash, context }) => {
    const key = `${request.operationName ?? ''}:${queryHash}`;
    let query = compiled.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, document, request.operationName);
      query = isCompiledQuery(result) ? result : null;
      compiled.set(key, query);
    }
    if (query) {
      const result = (await query.query(undefined, context, request.variables)) as ExecutionResult;
      if ('data' in result) return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
    }
    return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName });
  };
  // With tracing on, resolvers run inside the operation's span (src/app/graphql-tracing.ts).
  const executor: GatewayExecutor = (requestContext) => inOperationSpan(requestContext.context, () => run(requestContext));

  return {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor };
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors inherit from GraphQLError but skip its constructor (no `nodes`, and no
 * `extensions` unless the cause had some), which Apollo's error formatting needs. This builds what
 * graphql-js's locatedError would: the cause kept (AppError codes, logging), its extensions carried.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const cause = error.originalError;
  if (cause instanceof GraphQLError && Array.isArray(cause.path)) return cause;
  const converted = new GraphQLError(error.message, { path: error.path, originalError: cause });
  (converted as { locations: GraphQLError['locations'] }).locations = error.locations;
  return converted;
}

/** Least recently used first: a Map keeps insertion order, so a hit moves its entry to the end. */
class CompiledQueries {
  private readonly entries = new Map<string, CompiledQuery | null>();
  constructor(private readonly capacity: number) {}

  get(key: string): CompiledQuery | null | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: CompiledQuery | null): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
