import type { TypedDocumentString } from '../graphql/generated/graphql';

/** A GraphQL error the server answered with: its stable code and message. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly status?: number) {
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
  if (!body.data) throw new ApiError(`The server answered ${response.status}.`, 'HTTP', response.status);
  return body.data;
}

interface RestErrorBody {
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A REST route of this server with the signed-in key; its answer as JSON or, for files, a Blob. */
export async function request(apiKey: string, path: string, init: { method?: string; body?: BodyInit; json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method: init.method ?? (init.body || init.json !== undefined ? 'POST' : 'GET'), headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  } catch {
    throw new ApiError('The server could not be reached.', 'NETWORK');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as RestErrorBody;
    const first = body.errors?.[0];
    throw new ApiError(first?.message ?? `The server answered ${response.status}.`, first?.extensions?.code ?? (first ? 'ERROR' : 'HTTP'), response.status);
  }
  return response;
}
