import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, isListType, Kind, getNullableType, visit, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode, type TypeNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { QueryLimitsConfig } from '../platform/config.js';

/**
 * Abuse limits, checked before anything executes: aliases, depth and directives by GraphQL Armor's
 * validation rules, tokens by graphql-js's parser (`maxTokens`), cost by graphql-query-complexity
 * once the variables are known (list sizes count), introspection by caller. Each refusal carries
 * its own code (QueryLimitCode) and HTTP 400, or 403 for introspection.
 */
export type QueryLimitCode =
  | 'QUERY_TOO_MANY_ALIASES'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_MANY_DIRECTIVES'
  | 'QUERY_TOO_MANY_TOKENS'
  | 'QUERY_TOO_COSTLY'
  | 'INTROSPECTION_DISABLED';

export const QUERY_LIMIT_CODES: ReadonlySet<string> = new Set<QueryLimitCode>([
  'QUERY_TOO_MANY_ALIASES',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_MANY_DIRECTIVES',
  'QUERY_TOO_MANY_TOKENS',
  'QUERY_TOO_COSTLY',
  'INTROSPECTION_DISABLED',
]);

function limitError(message: string, code: QueryLimitCode, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/** Armor's rules report through this: one error per rule, with our code and words. */
function rejectAs(code: QueryLimitCode, what: string, limit: number): GraphQLArmorRejectCallback[] {
  return [(context) => context?.reportError(limitError(`The query has more ${what} than the ${limit} allowed.`, code))];
}

/** Apollo Server options: Armor's validation rules, the parser's token limit, the cost and introspection plugin. */
export function queryLimits(schema: GraphQLSchema, limits: QueryLimitsConfig): Pick<ApolloServerOptions<never>, 'validationRules' | 'parseOptions' | 'introspection'> & { plugins: ApolloServerPlugin<{ principal: unknown }>[] } {
  const armor = new ApolloArmor({
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: rejectAs('QUERY_TOO_MANY_ALIASES', 'aliases', limits.maxAliases) },
    maxDepth: { n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: rejectAs('QUERY_TOO_DEEP', 'levels of nesting', limits.maxDepth) },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: rejectAs('QUERY_TOO_MANY_DIRECTIVES', 'directives', limits.maxDirectives) },
    // Suggestions ("Did you mean …") would describe a schema hidden from anonymous callers.
    blockFieldSuggestion: { enabled: limits.introspection !== 'on' },
    // Tokens: graphql-js's parser counts them itself (parseOptions below); cost: graphql-query-complexity.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
  }).protect();
  return {
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    // Apollo's switch is all or nothing; the plugin below decides per caller.
    introspection: limits.introspection !== 'off',
    plugins: [...(armor.plugins as ApolloServerPlugin<{ principal: unknown }>[]), costAndIntrospection(schema, limits)],
  };
}

function costAndIntrospection(schema: GraphQLSchema, limits: QueryLimitsConfig): ApolloServerPlugin<{ principal: unknown }> {
  const estimators = [listSizeEstimator(limits.defaultListSize)];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operation, contextValue }) {
          if (limits.introspection === 'authenticated' && !contextValue.principal && operation && selectsSchema(operation)) {
            throw limitError('Introspection needs an API key here (send Authorization: Bearer <key>).', 'INTROSPECTION_DISABLED', 403);
          }
          const variables = operation ? withoutBulkInputs(document, operation, request.variables) : request.variables;
          const cost = costOf(schema, document, variables, request.operationName, estimators);
          if (cost !== undefined && cost > limits.maxCost) {
            throw limitError(`The query costs ${cost}, more than the ${limits.maxCost} allowed: ask for fewer items (first), fewer aliases or fewer fields.`, 'QUERY_TOO_COSTLY');
          }
        },
      };
    },
  };
}

/**
 * The query's cost, or undefined when its variables do not fit the operation: nothing executes
 * then, and graphql-js answers BAD_USER_INPUT naming the variable.
 */
function costOf(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | null | undefined, estimators: ComplexityEstimator[]): number | undefined {
  try {
    return getComplexity({ schema, query, variables, operationName: operationName ?? undefined, estimators });
  } catch {
    return undefined;
  }
}

/**
 * The variables as the cost sees them: a list that is only ever a mutation field's own argument (other
 * than `first` or `max`) counts for nothing (listSizeEstimator), so it is costed as an empty list.
 * graphql-query-complexity coerces every variable with graphql-js before it costs anything: for a bulk
 * declaration of 1,000 that was a third of what the server allocated for the call (docs/scale-out.md).
 * Execution still coerces and checks the real inputs.
 */
function withoutBulkInputs(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const bulk = bulkInputVariables(document, operation);
  if (!variables || bulk.size === 0) return variables;
  const costed = { ...variables };
  for (const name of bulk) if (name in costed && costed[name] != null) costed[name] = [];
  return costed;
}

const bulkInputsOf = new WeakMap<OperationDefinitionNode, ReadonlySet<string>>();

/** List variables used only as top-level mutation fields' arguments other than first/max; once per parsed operation (Apollo keeps documents). */
function bulkInputVariables(document: DocumentNode, operation: OperationDefinitionNode): ReadonlySet<string> {
  let bulk = bulkInputsOf.get(operation);
  if (bulk) return bulk;
  const lists = new Set((operation.variableDefinitions ?? []).filter((d) => isListTypeNode(d.type)).map((d) => d.variable.name.value));
  // Uses as such an argument, and all uses: a variable used anywhere else (deeper fields, directives, first/max) keeps its value.
  const asBulkInput = new Map<string, number>();
  for (const selection of operation.operation === 'mutation' ? operation.selectionSet.selections : []) {
    if (selection.kind !== Kind.FIELD) continue;
    for (const { name, value } of selection.arguments ?? []) {
      if (value.kind === Kind.VARIABLE && name.value !== 'first' && name.value !== 'max') asBulkInput.set(value.name.value, (asBulkInput.get(value.name.value) ?? 0) + 1);
    }
  }
  const uses = new Map<string, number>();
  visit(document, { VariableDefinition: () => false, Variable: (node) => void uses.set(node.name.value, (uses.get(node.name.value) ?? 0) + 1) });
  bulk = new Set([...asBulkInput].filter(([name, count]) => lists.has(name) && uses.get(name) === count).map(([name]) => name));
  bulkInputsOf.set(operation, bulk);
  return bulk;
}

function isListTypeNode(type: TypeNode): boolean {
  return type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.LIST_TYPE);
}

/** `__schema` or `__type` at the operation's top level (where introspection lives); `__typename` is fine. */
function selectsSchema(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type'));
}

/**
 * A field costs 1 plus its children, times the number of items it can return: `first` or `max`
 * when it takes one, the length of its largest list argument (a field answering one item per input),
 * `defaultListSize` for any other list. A connection's `edges` and `nodes` were counted by
 * the field that took `first`.
 */
export function listSizeEstimator(defaultListSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    // A bulk mutation's inputs are capped by the operation itself (e.g. SILKGATE_MAX_BULK, answered
    // LIMIT_EXCEEDED) and its calls by the bulk rate limit: its results cost as one.
    const bulkInputs = type.name === 'Mutation' ? undefined : largestListArgument(args);
    const items = pageSize(args) ?? bulkInputs;
    if (items !== undefined) return 1 + items * childComplexity;
    const list = isListType(getNullableType(field.type));
    if (list && !CONNECTION_LISTS.has(field.name)) return 1 + defaultListSize * childComplexity;
    return 1 + childComplexity;
  };
}

const CONNECTION_LISTS = new Set(['edges', 'nodes']);

function pageSize(args: Record<string, unknown>): number | undefined {
  const size = args.first ?? args.max;
  return typeof size === 'number' && size >= 0 ? size : undefined;
}

function largestListArgument(args: Record<string, unknown>): number | undefined {
  let largest: number | undefined;
  for (const value of Object.values(args)) {
    if (Array.isArray(value) && value.length > (largest ?? 0)) largest = value.length;
  }
  return largest;
}

/**
 * Apollo reports validation errors as GRAPHQL_VALIDATION_FAILED and parse errors as
 * GRAPHQL_PARSE_FAILED; a refusal by one of the limits keeps its own code.
 */
export function queryLimitCode(formatted: GraphQLFormattedError, error: unknown): QueryLimitCode | undefined {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && QUERY_LIMIT_CODES.has(code)) return code as QueryLimitCode;
  if (code === 'GRAPHQL_PARSE_FAILED' && / more th\w+ \d+ tokens/.test(formatted.message)) return 'QUERY_TOO_MANY_TOKENS';
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const originalCode = original instanceof GraphQLError ? original.extensions?.code : undefined;
  return typeof originalCode === 'string' && QUERY_LIMIT_CODES.has(originalCode) ? (originalCode as QueryLimitCode) : undefined;
}
