import type { TypedDocumentString } from '../graphql/generated/graphql';

/** A GraphQL error the server answered with: its stable code and message. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/**
 * Runs one typed operation against /graphql with the signed-in key. The key is sent only as an
 * Authorization header, never in a URL.
 */
export async function execute<TResult, TVariables>(
  apiKey: string,
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError('The server could not be reached.', 'NETWORK');
  }
  const body = (await response.json().catch(() => ({}))) as { data?: TResult; errors?: { message: string; extensions?: { code?: string } }[] };
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR');
  if (!body.data) throw new ApiError(`The server answered ${response.status}.`, 'HTTP');
  return body.data;
}
