/** How CLI commands reach a running Silkgate: its public HTTP API, with a key, like any client. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

export interface ApiTarget {
  url: string;
  key: string;
}

/** The options every API command takes: --url (SILKGATE_URL) and --key (SILKGATE_API_KEY). */
export const API_OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const API_USAGE = `  --url URL    the server (default: SILKGATE_URL, else http://127.0.0.1:4000)
  --key KEY    an API key (default: SILKGATE_API_KEY)`;

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...API_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function apiTarget(values: { url?: unknown; key?: unknown }, env = process.env): ApiTarget {
  const url = String(values.url ?? env.SILKGATE_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
  const key = String(values.key ?? env.SILKGATE_API_KEY ?? '');
  if (!key) throw new UsageError('an API key is needed: --key or SILKGATE_API_KEY.');
  return { url, key };
}

/** An error the server answered with (GraphQL or REST, same shape). */
export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(code ? `${message} (${code})` : message);
  }
}

interface ErrorBody {
  errors?: { message: string; extensions?: { code?: string } }[];
}

function apiError(body: ErrorBody | undefined, status: number): ApiError {
  const first = body?.errors?.[0];
  return first ? new ApiError(first.message, first.extensions?.code ?? '') : new ApiError(`The server answered HTTP ${status}.`, '');
}

export async function graphql<T>(target: ApiTarget, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => undefined)) as (ErrorBody & { data?: T }) | undefined;
  if (body?.errors?.length || !body?.data) throw apiError(body, response.status);
  return body.data;
}

/** A file to a REST route; its JSON answer, or the route's error (4xx with the GraphQL error shape). */
export async function postFile<T>(target: ApiTarget, path: string, bytes: Uint8Array): Promise<T> {
  const response = await fetch(`${target.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${target.key}` },
    body: bytes,
  });
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok || body === undefined) throw apiError(body as ErrorBody | undefined, response.status);
  return body as T;
}
