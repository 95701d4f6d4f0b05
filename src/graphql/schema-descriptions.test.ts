import { buildSchema as buildSdlSchema, printSchema, type GraphQLSchema } from 'graphql';
import { undescribedElements } from './schema-descriptions.js';
import { buildSchema } from './schema.js';
import { loadTypeDefs } from './schema-files.js';

describe('SDL descriptions', () => {
  let served: GraphQLSchema;
  beforeAll(() => {
    served = buildSchema();
  });

  it('describes every type, field, argument, input field and enum value of the schema the server builds', () => {
    const missing = undescribedElements(served).map((m) => `${m.kind} ${m.path}`);
    expect(missing).toEqual([]);
  });

  it('keeps the SDL descriptions of custom scalars (scalar resolvers must not replace them)', () => {
    const sdl = printSchema(served);
    expect(sdl).toMatch(/"""An ISO 8601 instant in UTC[^"]*"""\nscalar DateTime/);
    expect(sdl).toMatch(/"""Any JSON value[^"]*"""\nscalar JSON/);
  });

  it('exposes no placeholder field', () => {
    const mutation = served.getMutationType();
    expect(mutation).toBeDefined();
    expect(Object.keys(mutation!.getFields()).filter((name) => name.startsWith('_'))).toEqual([]);
  });
});

describe('undescribedElements', () => {
  it('names each undescribed element by kind and path, and skips built-in scalars and introspection types', () => {
    const schema = buildSdlSchema(`
      "Described." type Query { "Described." ok(a: Int): Color, bare: String }
      enum Color { "Described." RED GREEN }
      "Described." input Filter { "Described." x: Int, y: Int }
      type Mutation { "Described." set(input: Filter): Boolean }
    `);
    expect(undescribedElements(schema)).toEqual([
      { kind: 'argument', path: 'Query.ok(a:)' },
      { kind: 'field', path: 'Query.bare' },
      { kind: 'type', path: 'Color' },
      { kind: 'enumValue', path: 'Color.GREEN' },
      { kind: 'inputField', path: 'Filter.y' },
      { kind: 'type', path: 'Mutation' },
      { kind: 'argument', path: 'Mutation.set(input:)' },
    ]);
  });

  it('counts a blank description as none', () => {
    expect(undescribedElements(buildSdlSchema('"  " type Query { "ok" a: Int }'))).toEqual([{ kind: 'type', path: 'Query' }]);
  });
});

// The SDL files alone (what codegen reads) build a schema too: no file depends on resolver-only types.
describe('schema files', () => {
  it('build with graphql-js as codegen builds them', () => {
    expect(() => buildSdlSchema(loadTypeDefs().join('\n'))).not.toThrow();
  });
});
