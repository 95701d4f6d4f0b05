import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a request's text would fail deep in a
 * transaction as an internal error. It is refused up front, with the place it was found.
 */
export function findNul(value: unknown, path = 'variables'): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      const found = findNul((value as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

export function refuseNulCharacters<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const where = findNul(request.variables) ?? (documentHasNul(document) ? 'a string in the query' : undefined);
          if (where) {
            throw new GraphQLError(`Text may not contain the NUL character (U+0000); found in ${where}.`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
