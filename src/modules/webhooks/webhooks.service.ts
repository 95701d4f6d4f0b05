import type { Database } from '../../db/database.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { WebhookConfig } from '../../platform/config.js';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { decodeCursor, encodeCursor, pageOf, pageSize } from '../../platform/pagination.js';
import { appendAudit } from '../audit/audit.repository.js';
import { holdOutboxForEndpoint } from '../outbox/outbox.repository.js';
import type { Principal } from '../auth/principal.js';
import { generateSecret } from './signature.js';
import { assertSafeUrl, UnsafeUrlError, type Lookup } from './ssrf-guard.js';
import type { WebhookErrorCode } from './webhooks.errors.js';
import * as repo from './webhooks.repository.js';

export type EndpointRow = repo.EndpointRow;
export type DeliveryRow = repo.DeliveryRow;
export type AttemptRow = repo.AttemptRow;

/** Outbox topics written today; endpoints may also subscribe to '*' or to topics other modules add later. */
export const KNOWN_TOPICS = ['shipment.declared', 'shipment.status_changed', 'dispatch.closed'] as const;
const TOPIC = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+)$/;

export interface RegisterEndpointInput {
  url: string;
  eventTypes: readonly string[];
  description?: string | null;
  /** ADMIN only: the organisation the endpoint belongs to. */
  organizationId?: string | null;
}

export interface DeliveryPage {
  rows: DeliveryRow[];
  hasNextPage: boolean;
}

/** Webhook endpoints (carriers' and sellers'), their stored deliveries and replays. */
export class WebhooksService {
  constructor(
    private readonly db: Database,
    private readonly config: Pick<WebhookConfig, 'allowPrivateUrls'>,
    private readonly lookup?: Lookup,
    private readonly clock: Clock = systemClock,
  ) {}

  private ownerOf(principal: Principal, requested?: string | null): string | undefined {
    if (principal.role === 'ADMIN') return requested ?? undefined;
    if (principal.role !== 'SELLER' && principal.role !== 'CARRIER') throw forbidden('Only seller, carrier and admin keys manage webhooks.');
    if (requested && requested !== principal.organizationId) throw forbidden('You manage only your own organisation\'s webhooks.');
    return principal.organizationId!;
  }

  async register(principal: Principal, input: RegisterEndpointInput, requestId?: string): Promise<{ endpoint: EndpointRow; secret: string }> {
    const organizationId = this.ownerOf(principal, input.organizationId);
    if (!organizationId) throw badInput('An admin registers an endpoint for an organisation: give organizationId.');
    if (!isUuid(organizationId)) throw notFound('Organisation');
    const eventTypes = [...new Set(input.eventTypes.map((t) => t.trim()))];
    if (eventTypes.length === 0 || eventTypes.length > 20 || !eventTypes.every((t) => TOPIC.test(t))) {
      throw new AppError<WebhookErrorCode>('WEBHOOK_EVENT_TYPES_INVALID', `Give 1 to 20 event types such as ${KNOWN_TOPICS.join(', ')} or "*".`, { known: [...KNOWN_TOPICS] });
    }
    if (input.url.length > 2000) throw badInput('A webhook URL has at most 2,000 characters.');
    try {
      await assertSafeUrl(input.url, { allowPrivate: this.config.allowPrivateUrls, lookup: this.lookup });
    } catch (error) {
      if (error instanceof UnsafeUrlError) throw new AppError<WebhookErrorCode>('WEBHOOK_URL_REFUSED', error.message, { reason: error.reason });
      throw error;
    }
    const secret = generateSecret();
    const endpoint = await this.db.transaction(async (tx) => {
      // Messages committed from here on are fanned out to it; ones stored before were nobody's (outbox.repository).
      await holdOutboxForEndpoint(tx);
      const orgs = await tx.query<{ carrierId: string | null }>('SELECT carrier_id AS "carrierId" FROM organizations WHERE id = $1', [organizationId]);
      if (!orgs[0]) throw notFound('Organisation');
      const row = await repo.insertEndpoint(tx, {
        organizationId,
        carrierId: orgs[0].carrierId,
        url: input.url,
        eventTypes,
        secret,
        description: input.description?.trim() || null,
      });
      await appendAudit(tx, [
        { actor: principal, action: 'webhook_endpoint.registered', entityType: 'webhook_endpoint', entityId: row.id, after: { url: row.url, eventTypes }, requestId },
      ]);
      return row;
    });
    return { endpoint, secret };
  }

  list(principal: Principal): Promise<EndpointRow[]> {
    return repo.findEndpoints(this.db, { organizationId: this.ownerOf(principal) });
  }

  async delete(principal: Principal, id: string, requestId?: string): Promise<EndpointRow> {
    const endpoint = isUuid(id) ? (await repo.findEndpoints(this.db, { organizationId: this.ownerOf(principal) }, [id]))[0] : undefined;
    if (!endpoint) throw notFound('Webhook endpoint');
    await this.db.transaction(async (tx) => {
      await repo.deleteEndpoint(tx, id);
      await appendAudit(tx, [{ actor: principal, action: 'webhook_endpoint.deleted', entityType: 'webhook_endpoint', entityId: id, before: { url: endpoint.url }, requestId }]);
    });
    return endpoint;
  }

  async deliveries(principal: Principal, filter: Omit<repo.DeliveryFilter, 'organizationId' | 'messageSeq'> & { messageId?: string | null }, first: number, after?: string | null): Promise<DeliveryPage> {
    pageSize(first);
    // An empty id matches nothing, like any other id that cannot exist.
    if (filter.endpointId != null && !isUuid(filter.endpointId)) return { rows: [], hasNextPage: false };
    let messageSeq: number | undefined;
    if (filter.messageId != null) {
      const m = /^msg_(\d{1,15})$/.exec(filter.messageId);
      if (!m) return { rows: [], hasNextPage: false };
      messageSeq = Number(m[1]);
    }
    const afterId = after ? decodeCursor(after, ['int'])[0] : undefined;
    const rows = await repo.listDeliveries(
      this.db,
      { organizationId: this.ownerOf(principal), endpointId: filter.endpointId, state: filter.state, topic: filter.topic, aggregateId: filter.aggregateId, messageSeq },
      { first, afterId },
    );
    return pageOf(rows, first);
  }

  /**
   * Failed and dead-lettered pushes per carrier since `since`, for one hub (null: all). Read by the
   * operations dashboard; the caller has checked the role and scope. Carriers without a live
   * endpoint and without deliveries in the window are not listed (nothing is pushed to them).
   */
  carrierMessageHealth(hubId: string | null, since: Date): Promise<repo.CarrierMessageHealth[]> {
    return repo.carrierMessageHealth(this.db, hubId, since);
  }

  /** What the endpoint has not been sent yet (the caller has seen the endpoint, so may see this). */
  backlog(endpointId: string): Promise<repo.Backlog> {
    return repo.endpointBacklog(this.db, endpointId);
  }

  async endpointById(id: string): Promise<EndpointRow | undefined> {
    return (await repo.findEndpoints(this.db, {}, [id], { includeDeleted: true }))[0];
  }

  attemptsFor(ids: readonly number[]) {
    return repo.attemptsForDeliveries(this.db, ids);
  }

  messageFor(id: number) {
    return repo.messageForDelivery(this.db, id);
  }

  async replay(principal: Principal, id: string, requestId?: string): Promise<DeliveryRow> {
    const owner = this.ownerOf(principal);
    const numeric = /^\d{1,15}$/.test(id) ? Number(id) : undefined;
    const delivery = numeric ? await repo.findDelivery(this.db, numeric) : undefined;
    if (!delivery || (owner && delivery.organizationId !== owner)) throw notFound('Delivery');
    return this.db.transaction(async (tx) => {
      const row = await repo.requeueDelivery(tx, delivery.id, this.clock.now());
      if (!row) throw new AppError<WebhookErrorCode>('DELIVERY_NOT_REPLAYABLE', 'That delivery is still pending; it will be attempted again without a replay.');
      await appendAudit(tx, [
        { actor: principal, action: 'webhook_delivery.replayed', entityType: 'webhook_delivery', entityId: String(delivery.id), before: { state: delivery.state, attempts: delivery.attempts }, after: { state: 'PENDING' }, requestId },
      ]);
      return row;
    });
  }
}

export function encodeDeliveryCursor(row: { id: number }): string {
  return encodeCursor([row.id]);
}
