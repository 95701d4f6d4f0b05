/**
 * GET /documents/... → application/pdf, or ZPL for labels and CN 35 with `format=zpl`. Same Bearer
 * API key as /graphql; failures are JSON `{ errors: [{ message, extensions: { code } }] }` with
 * 401/403/404/400/409, never a stack trace. Documents are streamed: pages (labels) leave as they
 * are drawn, so 1,000 labels never sit in memory as one buffer.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Services } from '../../app/services.js';
import { AppError, unauthenticated } from '../../platform/errors.js';
import type { Principal } from '../auth/principal.js';
import type * as Renderers from './documents.renderers.js';
import type { DocumentsErrorCode } from './documents.errors.js';
import { MAX_BULK_LABELS } from './documents.service.js';

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  LIMIT_EXCEEDED: 400,
  DISPATCH_NOT_CLOSED: 409,
  UNSUPPORTED_FORMAT: 400,
};

/**
 * The renderers, with pdfkit and fontkit (≈ 10 MB of heap and ≈ 25 MiB of RSS once loaded), load with a
 * process's first document, not at start: most workers spend their life declaring and never draw one.
 */
let renderers: Promise<typeof Renderers> | undefined;
function loadRenderers(): Promise<typeof Renderers> {
  renderers ??= import('./documents.renderers.js');
  return renderers;
}

/** The ZPL a thermal printer takes (no registered media type; `application/zpl` is what label APIs use). */
const ZPL_TYPE = 'application/zpl; charset=utf-8';

type Format = 'pdf' | 'zpl';

/** `format` from the query (or a POST body): pdf (the default) or, where the document has one, zpl. */
function formatOf(req: Request, zpl: boolean): Format {
  const raw: unknown = req.method === 'POST' ? ((req.body as { format?: unknown })?.format ?? req.query.format) : req.query.format;
  const format = raw === undefined || raw === '' ? 'pdf' : typeof raw === 'string' ? raw.toLowerCase() : null;
  if (format !== 'pdf' && format !== 'zpl') throw new AppError('BAD_USER_INPUT', 'format must be pdf or zpl.', { allowed: zpl ? ['pdf', 'zpl'] : ['pdf'] });
  if (format === 'zpl' && !zpl) {
    throw new AppError<DocumentsErrorCode>('UNSUPPORTED_FORMAT', 'ZPL is printed for parcel labels and CN 35 bag labels; this document is PDF only.', { allowed: ['pdf'] });
  }
  return format;
}

/** Labels drawn between two yields to the event loop, so a bulk PDF does not starve other requests. */
const LABELS_PER_SLICE = 25;

type Handler = (req: Request, res: Response, principal: Principal) => Promise<void>;

function sendError(res: Response, error: AppError) {
  res.status(error.httpStatus ?? STATUS[error.code] ?? 400).json({ errors: [{ message: error.message, extensions: { ...error.details, code: error.code } }] });
}

async function authenticate(req: Request, services: Services): Promise<Principal> {
  const header = req.headers.authorization;
  if (!header) throw unauthenticated();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const principal = match ? await services.auth.authenticate(match[1]) : undefined;
  if (!principal) throw unauthenticated('That API key is not valid or has been revoked.');
  return principal;
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Streams a document into the response; `draw` adds its pages (and may yield between them). */
async function streamPdf(res: Response, filename: string, title: string, draw: (doc: PDFKit.PDFDocument) => Promise<void> | void) {
  const { createPdf } = await loadRenderers();
  const doc = createPdf(title);
  res.status(200);
  res.setHeader('content-type', 'application/pdf');
  res.setHeader('content-disposition', `inline; filename="${safeName(filename)}"`);
  res.setHeader('cache-control', 'private, no-store');
  doc.pipe(res);
  try {
    await draw(doc);
    doc.end();
  } catch (error) {
    // Headers are gone: all we can do is cut the response short and log.
    res.locals.logger?.error({ err: error }, 'document rendering failed');
    res.destroy(error as Error);
  }
}

/** Sends ZPL chunk by chunk (each chunk whole labels), yielding to the event loop between chunks. */
async function streamZpl(res: Response, filename: string, chunks: Iterable<() => string>) {
  res.status(200);
  res.setHeader('content-type', ZPL_TYPE);
  res.setHeader('content-disposition', `attachment; filename="${safeName(filename)}"`);
  res.setHeader('cache-control', 'private, no-store');
  try {
    for (const chunk of chunks) {
      res.write(chunk());
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  } catch (error) {
    res.locals.logger?.error({ err: error }, 'document rendering failed');
    res.destroy(error as Error);
  }
}

function* slices<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function route(services: Services, handler: Handler) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const principal = await authenticate(req, services);
      await handler(req, res, principal);
    } catch (error) {
      if (error instanceof AppError && !res.headersSent) {
        sendError(res, error);
        return;
      }
      next(error);
    }
  };
}

function bulkRefs(req: Request): string[] {
  const raw: unknown = req.method === 'POST' ? (req.body as { ids?: unknown })?.ids : req.query.ids;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  if (!list.every((x) => typeof x === 'string')) throw new AppError('BAD_USER_INPUT', 'ids must be a list of shipment ids or tracking numbers.');
  return (list as string[]).map((s) => s.trim()).filter(Boolean);
}

export function documentsRouter(services: Services): express.Router {
  const router = express.Router();
  const docs = services.documents;

  router.get(
    '/documents/shipments/:ref/declaration.pdf',
    route(services, async (req, res, principal) => {
      formatOf(req, false);
      const [d] = await docs.declarations(principal, [String(req.params.ref)]);
      const r = await loadRenderers();
      await streamPdf(res, `${d.form}-${d.trackingNumber}.pdf`, `${d.form} ${d.trackingNumber}`, (doc) => {
        r.renderDeclaration(doc, d);
      });
    }),
  );

  router.get(
    '/documents/shipments/:ref/label.pdf',
    route(services, async (req, res, principal) => {
      const format = formatOf(req, true);
      const [label] = await docs.labels(principal, [String(req.params.ref)]);
      const r = await loadRenderers();
      if (format === 'zpl') return streamZpl(res, `label-${label.declaration.trackingNumber}.zpl`, [() => r.renderLabelsZpl([label])]);
      await streamPdf(res, `label-${label.declaration.trackingNumber}.pdf`, `Label ${label.declaration.trackingNumber}`, (doc) => {
        r.renderLabel(doc, label);
      });
    }),
  );

  const bulk = route(services, async (req, res, principal) => {
    const format = formatOf(req, true);
    const refs = bulkRefs(req);
    const labels = await docs.labels(principal, refs);
    const r = await loadRenderers();
    if (format === 'zpl') {
      return streamZpl(res, `labels-${labels.length}.zpl`, Array.from(slices(labels, LABELS_PER_SLICE), (slice) => () => r.renderLabelsZpl(slice)));
    }
    await streamPdf(res, `labels-${labels.length}.pdf`, `${labels.length} labels`, async (doc) => {
      for (let i = 0; i < labels.length; i += 1) {
        r.renderLabel(doc, labels[i]);
        if ((i + 1) % LABELS_PER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    });
  });
  router.get('/documents/labels.pdf', bulk);
  // 1,000 UUIDs do not fit every proxy's URL limit: POST { "ids": [...] } does.
  router.post('/documents/labels.pdf', express.json({ limit: `${Math.ceil((MAX_BULK_LABELS * 40) / 1024) + 8}kb` }), bulk);

  router.get(
    '/documents/receptacles/:id/cn35.pdf',
    route(services, async (req, res, principal) => {
      const format = formatOf(req, true);
      const d = await docs.receptacle(principal, String(req.params.id));
      const r = await loadRenderers();
      if (format === 'zpl') return streamZpl(res, `CN35-${d.receptacleId}.zpl`, [() => r.renderCn35Zpl(d)]);
      await streamPdf(res, `CN35-${d.receptacleId}.pdf`, `CN 35 ${d.receptacleId}`, (doc) => {
        r.renderCn35(doc, d);
      });
    }),
  );

  router.get(
    '/documents/dispatches/:id/cn38.pdf',
    route(services, async (req, res, principal) => {
      formatOf(req, false);
      const d = await docs.dispatch(principal, String(req.params.id));
      const r = await loadRenderers();
      await streamPdf(res, `CN38-${d.dispatchId}.pdf`, `CN 38 ${d.dispatchId}`, (doc) => {
        r.renderCn38(doc, d);
      });
    }),
  );

  router.get(
    '/documents/dispatches/:id/manifest.pdf',
    route(services, async (req, res, principal) => {
      formatOf(req, false);
      const d = await docs.dispatch(principal, String(req.params.id));
      const r = await loadRenderers();
      await streamPdf(res, `manifest-${d.dispatchId}.pdf`, `Manifest ${d.dispatchId}`, (doc) => {
        r.renderManifest(doc, d);
      });
    }),
  );

  return router;
}
