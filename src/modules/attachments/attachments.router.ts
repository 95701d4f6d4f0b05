/**
 * POST /attachments?shipmentId=…&filename=…: a seller's file (the raw bytes as the body) for one of
 * its parcels; answers the stored attachment, whose `reference` goes into
 * respondToDocumentRequest's documentReferences. GET /attachments/:id: the file itself.
 */
import { Router } from 'express';
import type { Services } from '../../app/services.js';
import { apiRoute, rawBody } from '../console/api-route.js';
import { ATTACHMENT_READERS, MAX_ATTACHMENT_BYTES } from './attachments.service.js';
import { attachmentView } from './attachments.resolvers.js';

export function attachmentsRouter(services: Services): Router {
  const router = Router();
  router.post(
    '/attachments',
    ...rawBody(MAX_ATTACHMENT_BYTES),
    apiRoute(services, ['SELLER'], async (req, res, principal) => {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const stored = await services.attachments.upload(principal, String(req.query.shipmentId ?? ''), String(req.query.filename ?? ''), bytes, res.locals.requestId);
      res.status(201).json(attachmentView(stored));
    }),
  );
  router.get(
    '/attachments/:id',
    apiRoute(services, [...ATTACHMENT_READERS], async (req, res, principal) => {
      const file = await services.attachments.read(principal, String(req.params.id));
      res.set({
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-store',
      });
      res.send(file.content);
    }),
  );
  return router;
}
