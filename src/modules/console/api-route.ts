/**
 * REST routes of the console's own modules (sheet uploads, attachments): the same Bearer key as
 * /graphql, a role check, and failures as `{ errors: [{ message, extensions: { code } }] }` — the
 * GraphQL error shape — with a 4xx status, never a stack trace.
 */
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Services } from '../../app/services.js';
import { AppError, unauthenticated } from '../../platform/errors.js';
import { requireRole } from '../auth/authorization.js';
import type { Principal, Role } from '../auth/principal.js';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, LIMIT_EXCEEDED: 413 };

export function sendApiError(res: Response, error: AppError): void {
  res.status(error.httpStatus ?? STATUS[error.code] ?? 400).json({ errors: [{ message: error.message, extensions: { ...error.details, code: error.code } }] });
}

export function apiRoute(services: Services, roles: Role[], handler: (req: Request, res: Response, principal: Principal) => Promise<void>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      const principal = match ? await services.auth.authenticate(match[1]) : undefined;
      if (!principal) throw unauthenticated(match ? 'That API key is not valid or has been revoked.' : undefined);
      await handler(req, res, requireRole(principal, ...roles));
    } catch (error) {
      if (error instanceof AppError && !res.headersSent) sendApiError(res, error);
      else next(error);
    }
  };
}

/** The request body as bytes, whatever its type, refused above `limit` with a JSON 413. */
export function rawBody(limitBytes: number): RequestHandler[] {
  const tooLarge: ErrorRequestHandler = (error: { type?: string }, _req, res, next) => {
    if (error?.type === 'entity.too.large') sendApiError(res, new AppError('LIMIT_EXCEEDED', `A file has at most ${Math.floor(limitBytes / 1024 / 1024)} MiB.`));
    else next(error);
  };
  return [express.raw({ type: () => true, limit: limitBytes }), tooLarge as unknown as RequestHandler];
}
