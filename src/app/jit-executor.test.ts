import { describe, expect, it, jest } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import * as actualJit from 'graphql-jit';
import { DateTimeScalar } from '../graphql/scalars.js';
import { AppError } from '../platform/errors.js';

// Counts compilations, to tell a compiled execution from a graphql-js one.
const compileQuery = jest.fn(actualJit.compileQuery);
jest.unstable_mockModule('graphql-jit', () => ({ ...actualJit, compileQuery }));
const { jitGateway } = await import('./jit-executor.js');
const { formatError } = await import('./http-app.js');

const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    scalar DateTime
    type Query {
      later(at: DateTime!, days: Int!): Moment!
      pets(kinds: [String!]!): [Pet!]!
      missing: String
    }
    type Moment { at: DateTime! days: Int! }
    union Pet = Cat | Dog
    type Cat { meows: Int! }
    type Dog { barks: Int! }
  `,
  resolvers: {
    DateTime: DateTimeScalar,
    Query: {
      later: (_: unknown, { at, days }: { at: Date; days: number }) => ({ at: new Date(at.getTime() + days * 86_400_000), days }),
      pets: (_: unknown, { kinds }: { kinds: string[] }) => kinds.map((kind) => (kind === 'cat' ? { meows: 3 } : { barks: 2 })),
      missing: () => {
        throw new AppError('NOT_FOUND', 'Nothing here.', { what: 'missing' });
      },
    },
    Pet: { __resolveType: (pet: object) => ('meows' in pet ? 'Cat' : 'Dog') },
  },
});

async function startServer() {
  const server = new ApolloServer({ gateway: jitGateway(schema), formatError });
  await server.start();
  return server;
}

async function run(server: ApolloServer, query: string, variables?: Record<string, unknown>) {
  const { body, http } = await server.executeOperation({ query, variables });
  if (body.kind !== 'single') throw new Error('expected a single result');
  return { status: http.status, ...body.singleResult };
}

const QUERY = `query ($at: DateTime!, $days: Int!, $kinds: [String!]!) {
  later(at: $at, days: $days) { at days }
  pets(kinds: $kinds) { __typename ... on Cat { meows } ... on Dog { barks } }
  missing
}`;

describe('jitGateway', () => {
  it('compiles a query once and answers as graphql-js does: custom scalars, unions, AppError codes', async () => {
    const server = await startServer();
    compileQuery.mockClear();
    for (const days of [1, 2]) {
      const variables = { at: '2026-11-11T00:00:00Z', days, kinds: ['cat', 'dog'] };
      const res = await run(server, QUERY, variables);
      const reference = await graphql({ schema, source: QUERY, variableValues: variables });
      expect(res.data).toEqual(reference.data);
      expect(res.data).toEqual({
        later: { at: `2026-11-1${1 + days}T00:00:00.000Z`, days },
        pets: [{ __typename: 'Cat', meows: 3 }, { __typename: 'Dog', barks: 2 }],
        missing: null,
      });
      expect(res.errors).toEqual([
        { message: 'Nothing here.', locations: [{ line: 4, column: 3 }], path: ['missing'], extensions: { what: 'missing', code: 'NOT_FOUND' } },
      ]);
    }
    expect(compileQuery).toHaveBeenCalledTimes(1);
    expect(actualJit.isCompiledQuery(compileQuery.mock.results[0].value as never)).toBe(true);
    await server.stop();
  });

  it('leaves variables graphql-jit refuses to graphql-js: its message, BAD_USER_INPUT, status 400', async () => {
    const server = await startServer();
    for (const variables of [
      { at: 'soon', days: 1, kinds: [] },
      { at: '2026-11-11T00:00:00Z', days: 1.5, kinds: [] },
      { at: '2026-11-11T00:00:00Z', days: 1, kinds: ['cat', null] },
    ]) {
      const res = await run(server, QUERY, variables);
      const reference = await graphql({ schema, source: QUERY, variableValues: variables });
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors?.map((e) => e.message)).toEqual(reference.errors?.map((e) => e.message));
      expect(res.errors?.every((e) => e.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
    }
    await server.stop();
  });

  it('executes with graphql-js what graphql-jit cannot compile', async () => {
    const server = await startServer();
    compileQuery.mockClear();
    const res = await run(server, 'query A { missing } query B { pets(kinds: ["cat"]) { __typename } }');
    expect(compileQuery).toHaveBeenCalledTimes(1);
    expect(actualJit.isCompiledQuery(compileQuery.mock.results[0].value as never)).toBe(false);
    expect(res.errors).toEqual([
      { message: 'Must provide operation name if query contains multiple operations.', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
    ]);
    await server.stop();
  });

  it('answers introspection', async () => {
    const server = await startServer();
    const res = await run(server, '{ __schema { queryType { name } } __type(name: "Pet") { possibleTypes { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } }, __type: { possibleTypes: [{ name: 'Cat' }, { name: 'Dog' }] } });
    await server.stop();
  });
});
