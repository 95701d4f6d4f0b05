/**
 * EDI downloads: GET /api/edi/dispatches/:id/:messageType (itmatt, predes, emsevt) and
 * /api/edi/consignments/:id/cardit, `?format=xml|json`. Same keys and error shape as the carrier
 * REST routes (described in /api/carrier/openapi.json).
 */
import express, { type Response } from 'express';
import type { Services } from '../../app/services.js';
import { badInput } from '../../platform/errors.js';
import { rest } from '../carriers/rest/rest-support.js';
import type { EdiFile } from './edi.service.js';
import { DISPATCH_MESSAGES, parseMessageType } from './edi.service.js';

function send(res: Response, file: EdiFile): void {
  res.setHeader('content-type', `${file.mediaType}; charset=utf-8`);
  res.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('cache-control', 'private, no-store');
  res.send(file.body);
}

const formatOf = (value: unknown) => (value === undefined ? 'xml' : typeof value === 'string' ? value.toLowerCase() : '');

export function ediRouter(services: Services): express.Router {
  const router = express.Router();
  router.get('/api/edi/dispatches/:id/:messageType', rest(services, async (req, res, principal) => {
    const type = parseMessageType(String(req.params.messageType));
    if (!(DISPATCH_MESSAGES as readonly string[]).includes(type)) throw badInput(`${type} is not a per-dispatch message; use ${DISPATCH_MESSAGES.join(', ')}.`, { field: 'messageType' });
    send(res, await services.edi.exportDispatch(principal, type, String(req.params.id), formatOf(req.query.format)));
  }));
  router.get('/api/edi/consignments/:id/cardit', rest(services, async (req, res, principal) => {
    send(res, await services.edi.exportConsignment(principal, String(req.params.id), formatOf(req.query.format)));
  }));
  return router;
}
