import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getIntrospectionQuery, type IntrospectionField, type IntrospectionInputTypeRef, type IntrospectionQuery, type IntrospectionTypeRef } from 'graphql';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Every root field, called by every role with bad arguments of every kind: the answer is a typed
 * error or a typed result, never an HTTP 5xx or INTERNAL_SERVER_ERROR. It guards the whole surface,
 * including what the GraphQL engine does with odd values before a resolver runs.
 */
let server: TestServer;
let schema: IntrospectionQuery['__schema'];
beforeAll(async () => {
  server = await startTestServer();
  schema = (await server.gql(getIntrospectionQuery(), {}, KEYS.admin)).data.__schema;
});
afterAll(async () => {
  await server?.stop();
});

type Variant = 'malformed' | 'empty' | 'extreme';

const SCALARS: Record<string, Record<Variant, unknown>> = {
  ID: { malformed: 'not-an-id', empty: '', extreme: '00000000-0000-0000-0000-000000000000' },
  String: { malformed: '😀\t"\\\'; DROP TABLE shipments; --', empty: '', extreme: 'x'.repeat(5_000) },
  Int: { malformed: -1, empty: 0, extreme: 2_147_483_647 },
  Float: { malformed: -1, empty: 0, extreme: 1e308 },
  Boolean: { malformed: true, empty: false, extreme: true },
};
const CUSTOM_SCALAR: Record<Variant, unknown> = { malformed: 'not-a-value', empty: '', extreme: '9'.repeat(400) };

function typeName(ref: IntrospectionTypeRef): string {
  if (ref.kind === 'NON_NULL') return `${typeName(ref.ofType)}!`;
  if (ref.kind === 'LIST') return `[${typeName(ref.ofType)}]`;
  return ref.name;
}

function valueFor(ref: IntrospectionInputTypeRef, variant: Variant, depth = 0): unknown {
  if (ref.kind === 'NON_NULL') return valueFor(ref.ofType, variant, depth);
  if (ref.kind === 'LIST') return [valueFor(ref.ofType, variant, depth)];
  const type = schema.types.find((t) => t.name === ref.name)!;
  if (type.kind === 'ENUM') return type.enumValues[variant === 'extreme' ? type.enumValues.length - 1 : 0].name;
  if (type.kind === 'INPUT_OBJECT') {
    // Optional fields too, except deep down, so every field meets a bad value somewhere.
    const fields = type.inputFields.filter((f) => f.type.kind === 'NON_NULL' || depth < 2);
    return Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, variant, depth + 1)]));
  }
  return (SCALARS[ref.name] ?? CUSTOM_SCALAR)[variant];
}

function selectionFor(ref: IntrospectionTypeRef): string {
  if (ref.kind === 'NON_NULL' || ref.kind === 'LIST') return selectionFor(ref.ofType);
  return ref.kind === 'OBJECT' || ref.kind === 'INTERFACE' || ref.kind === 'UNION' ? ' { __typename }' : '';
}

/** The arguments to send: all of them, the required ones only, and the required ones with each optional one. */
function argumentSets(field: IntrospectionField): IntrospectionField['args'][] {
  const required = field.args.filter((a) => a.type.kind === 'NON_NULL');
  const optional = field.args.filter((a) => a.type.kind !== 'NON_NULL');
  return [field.args, ...(optional.length ? [required] : []), ...(optional.length > 1 ? optional.map((a) => [...required, a]) : [])];
}

function call(operation: 'query' | 'mutation', field: IntrospectionField, given: IntrospectionField['args'], variant: Variant) {
  const params = given.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ');
  const args = given.map((a) => `${a.name}: $${a.name}`).join(', ');
  const document = `${operation}${params ? ` (${params})` : ''} { ${field.name}${args ? `(${args})` : ''}${selectionFor(field.type)} }`;
  const variables = Object.fromEntries(given.map((a) => [a.name, valueFor(a.type, variant)]));
  return { document, variables };
}

const ROLES = Object.entries({ none: undefined, ...KEYS }).filter(([name]) => !['carrierMy', 'carrierDe'].includes(name));

describe('bad input on every root field, for every role', () => {
  for (const operation of ['query', 'mutation'] as const) {
    it(`${operation}: typed errors only`, async () => {
      const root = schema.types.find((t) => t.name === (operation === 'query' ? schema.queryType.name : schema.mutationType!.name))!;
      expect(root.kind).toBe('OBJECT');
      const fields = (root as { fields: readonly IntrospectionField[] }).fields;
      expect(fields.length).toBeGreaterThan(10);
      const failures: string[] = [];
      for (const field of fields) {
        for (const [variant, given] of (['malformed', 'empty', 'extreme'] as const).flatMap((v) => argumentSets(field).map((set) => [v, set] as const))) {
          const { document, variables } = call(operation, field, given, variant);
          for (const [role, key] of ROLES) {
            const res = await server.gql(document, variables, key);
            const codes = (res.errors ?? []).map((e) => e.extensions?.code);
            if (res.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) failures.push(`${field.name}(${given.map((a) => a.name).join(', ')}) (${variant}, ${role}): ${res.status} ${JSON.stringify(res.errors)}`);
            else if (res.errors) expect(codes.every((c) => typeof c === 'string')).toBe(true);
          }
        }
      }
      expect(failures).toEqual([]);
    }, 180_000);
  }
});
