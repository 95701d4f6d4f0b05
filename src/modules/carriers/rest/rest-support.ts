/**
 * What the REST routes share: Bearer-key authentication (the same keys as /graphql), refusal of
 * U+0000 in any text, body validation against the OpenAPI document's schemas, and errors in the
 * GraphQL API's shape and codes — `{ errors: [{ message, extensions: { code, … } }] }` with an HTTP
 * status per code, never a stack trace.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Services } from '../../../app/services.js';
import { findNul } from '../../../app/nul-guard.js';
import { AppError, badInput, unauthenticated } from '../../../platform/errors.js';
import type { Principal } from '../../auth/principal.js';
import { EDI_HTTP_STATUS } from '../../edi/edi.errors.js';
import { CARRIER_OPENAPI } from './carrier-openapi.js';

const STATUS: Record<string, number> = {
  ...EDI_HTTP_STATUS,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  LIMIT_EXCEEDED: 400,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  LEASE_LOST: 409,
  UNAVAILABLE: 503,
};

export function sendError(res: Response, error: AppError): void {
  res.status(error.httpStatus ?? STATUS[error.code] ?? 400).json({ errors: [{ message: error.message, extensions: { ...error.details, code: error.code } }] });
}

async function authenticate(req: Request, services: Services): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!req.headers.authorization) throw unauthenticated();
  const principal = match ? await services.auth.authenticate(match[1]) : undefined;
  if (!principal) throw unauthenticated('That API key is not valid or has been revoked.');
  return principal;
}

/** PostgreSQL text cannot hold U+0000: refused up front, naming where it was found. */
function refuseNul(req: Request): void {
  const where = findNul(req.params, 'path') ?? findNul(req.query, 'query') ?? findNul(req.body, 'body');
  if (where) throw badInput(`Text may not contain the NUL character (U+0000); found in ${where}.`, { path: where });
}

export type RestHandler = (req: Request, res: Response, principal: Principal) => Promise<void>;

/** Authenticates, refuses NUL, runs the handler; AppErrors become typed JSON errors. */
export function rest(services: Services, handler: RestHandler): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const principal = await authenticate(req, services);
      refuseNul(req);
      await handler(req, res, principal);
    } catch (error) {
      if (error instanceof AppError) sendError(res, error);
      else next(error);
    }
  };
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
// strict: false because the document around the schemas has OpenAPI keywords (paths, responses …).
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false }));
ajv.addSchema(CARRIER_OPENAPI, 'carrier-openapi');

/** Checks a request body against a schema of the OpenAPI document; BAD_USER_INPUT names the path. */
export function validateBody<T>(schema: keyof typeof CARRIER_OPENAPI.components.schemas, body: unknown): T {
  const validate = ajv.getSchema(`carrier-openapi#/components/schemas/${schema}`)!;
  if (validate(body ?? {})) return (body ?? {}) as T;
  const [first] = validate.errors ?? [];
  const path = `body${first?.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') ?? ''}`;
  const detail = first?.keyword === 'additionalProperties' ? `has no property "${(first.params as { additionalProperty: string }).additionalProperty}"` : first?.message ?? 'is invalid';
  throw badInput(`${path} ${detail}.`, { path });
}
