/**
 * Errors with stable codes. Expected business rejections are usually returned as typed results
 * (see the *Rejected types in the SDL); these are for requests that cannot proceed at all.
 * formatGraphQLError maps them to `extensions.code`; anything else becomes INTERNAL_SERVER_ERROR
 * with no message or stack from the server.
 */
export type PlatformErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'ILLEGAL_TRANSITION'
  | 'LIMIT_EXCEEDED'
  | 'UNAVAILABLE';

export class AppError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code | PlatformErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthenticated = (message = 'Sign in with an API key: Authorization: Bearer <key>.') =>
  new AppError('UNAUTHENTICATED', message, undefined, 401);

export const forbidden = (message = 'Your API key does not allow this.') => new AppError('FORBIDDEN', message);

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new AppError('BAD_USER_INPUT', message, details);

/** Postgres error codes the services translate into AppErrors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether a PostgreSQL error is a unique violation of this constraint. On a Citus cluster the error
 * comes from a shard, whose constraints carry the shard's id (`…_pkey_102677`); one relayed from a
 * worker names its constraint only in the message, and a COPY's arrives as an internal error (XX000).
 */
export function violatesUnique(error: unknown, constraint: string): boolean {
  const { constraint: reported, message } = (error ?? {}) as { constraint?: unknown; message?: unknown };
  const fromMessage = typeof message === 'string' ? /^duplicate key value violates unique constraint "([^"]+)"/.exec(message)?.[1] : undefined;
  const code = pgErrorCode(error);
  if (code !== PG_UNIQUE_VIOLATION && !(code === 'XX000' && fromMessage)) return false;
  const name = typeof reported === 'string' ? reported : fromMessage;
  return name !== undefined && (name === constraint || new RegExp(`^${constraint}_\\d+$`).test(name));
}
