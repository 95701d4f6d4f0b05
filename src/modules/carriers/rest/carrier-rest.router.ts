/**
 * The carrier REST interface (JSON over HTTP), described by /api/carrier/openapi.json: the pull
 * queue, acknowledgements and events in, over the same HandoffService and CarrierEventsService as
 * the GraphQL API, with the same role check and error codes.
 */
import { isFailure } from '../../../platform/failure.js';
import express from 'express';
import type { Services } from '../../../app/services.js';
import { requireRole } from '../../auth/authorization.js';
import type { CarrierEventInput } from '../carrier-events.service.js';
import { encodeHandoffCursor, type AdvanceData, type HandoffRow } from '../handoff.service.js';
import { CARRIER_OPENAPI } from './carrier-openapi.js';
import { rest, validateBody } from './rest-support.js';

interface ClaimBody { max?: number; leaseSeconds?: number }
interface AcknowledgeBody { receptacleNumbers: string[]; receivedAt?: string; leaseId?: string }
interface EventsBody { events: (Omit<CarrierEventInput, 'occurredAt'> & { occurredAt: string })[] }

function summary(h: HandoffRow) {
  const id = h.dispatchId;
  return {
    id,
    dispatchNumber: h.dispatchNumber.trim(),
    state: h.state,
    leaseId: h.leaseId,
    leasedUntil: h.leasedUntil,
    leaseCount: h.leaseCount,
    createdAt: h.createdAt,
    receipt: h.receipt ? { ...h.receipt, hasDiscrepancies: h.receipt.missing.length > 0 || h.receipt.extra.length > 0 } : null,
    links: Object.fromEntries(['itmatt', 'predes', 'emsevt'].map((m) => [m, `/api/edi/dispatches/${id}/${m}`])),
  };
}

function withAdvance(h: HandoffRow, advance: AdvanceData | undefined) {
  return { ...summary(h), deliveryBill: advance?.deliveryBill ?? {}, receptacles: advance?.deliveryBill.receptacles ?? [], items: advance?.items ?? [] };
}

export function carrierRestRouter(services: Services): express.Router {
  const router = express.Router();
  const body = express.json({ limit: '5mb' });

  router.get('/api/carrier/openapi.json', (_req, res) => {
    res.json(CARRIER_OPENAPI);
  });

  router.get('/api/carrier/handoffs', rest(services, async (req, res, principal) => {
    const first = req.query.first === undefined ? 50 : Number(req.query.first);
    const after = typeof req.query.after === 'string' ? req.query.after : null;
    const page = await services.handoffs.queue(requireRole(principal, 'CARRIER'), first, after);
    const advance = await services.handoffs.advanceFor(page.rows.map((r) => r.dispatchId));
    const handoffs = page.rows.map((h) => withAdvance(h, advance.get(h.dispatchId)));
    const last = page.rows.at(-1);
    res.json({ handoffs, pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeHandoffCursor(last) : null } });
  }));

  router.post('/api/carrier/handoffs/claim', body, rest(services, async (req, res, principal) => {
    const input = validateBody<ClaimBody>('ClaimRequest', req.body);
    const rows = await services.handoffs.claim(requireRole(principal, 'CARRIER'), input.max ?? 100, input.leaseSeconds ?? 300);
    res.json({ handoffs: rows.map(summary) });
  }));

  router.post('/api/carrier/handoffs/:id/acknowledge', body, rest(services, async (req, res, principal) => {
    const input = validateBody<AcknowledgeBody>('AcknowledgeRequest', req.body);
    const result = await services.handoffs.acknowledge(
      requireRole(principal, 'CARRIER'),
      String(req.params.id),
      { receptacleNumbers: input.receptacleNumbers, receivedAt: input.receivedAt ? new Date(input.receivedAt) : null, leaseId: input.leaseId ?? null },
      res.locals.requestId,
    );
    const receipt = summary({ ...result.handoff, receipt: result.receipt }).receipt;
    res.json({ alreadyAcknowledged: result.alreadyAcknowledged, receipt, handoff: summary(result.handoff) });
  }));

  router.post('/api/carrier/events', body, rest(services, async (req, res, principal) => {
    const input = validateBody<EventsBody>('ReportEventsRequest', req.body);
    const outcomes = await services.carrierEvents.report(
      requireRole(principal, 'CARRIER'),
      input.events.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt) })),
      res.locals.requestId,
    );
    res.json({
      acceptedCount: outcomes.filter((o) => !isFailure(o) && !o.duplicate).length,
      duplicateCount: outcomes.filter((o) => !isFailure(o) && o.duplicate).length,
      rejectedCount: outcomes.filter(isFailure).length,
      // The REST contract names the outcome `result: accepted | rejected`.
      results: outcomes.map(({ __typename, ...o }) => ({ result: __typename === 'CarrierEventAccepted' ? 'accepted' : 'rejected', ...o })),
    });
  }));

  return router;
}
