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

const NUL_ESCAPE = Buffer.from('\\u0000');

/**
 * Whether a JSON request body can hold no NUL: JSON writes U+0000 only as the escape `\u0000` (a raw
 * control character is invalid JSON), so a UTF-8 body without that escape decodes to text without
 * NUL, its query and variables alike. Checking the raw bytes (a memchr-speed search) spares walking
 * every variable of a bulk call; a body with the escape, even a harmless `\\u0000`, gets the walk.
 */
export function jsonBodyFreeOfNul(body: Buffer, charset: string): boolean {
  return (charset === 'utf-8' || charset === 'utf8') && !body.includes(NUL_ESCAPE);
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

/** What the plugin needs of the context: whether the request's JSON body was found free of NUL. */
export interface NulCheckedContext {
  /** True when jsonBodyFreeOfNul held for the body the variables were parsed from. */
  bodyFreeOfNul?: boolean;
}

export function refuseNulCharacters<Context extends NulCheckedContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, contextValue }) {
          const variablesWhere = contextValue.bodyFreeOfNul ? undefined : findNul(request.variables);
          const where = variablesWhere ?? (documentHasNul(document) ? 'a string in the query' : undefined);
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
