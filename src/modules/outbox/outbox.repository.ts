import type { Queryable } from '../../db/database.js';
import type { JsonText } from '../../db/json-text.js';

export interface OutboxMessage {
  /** e.g. `shipment.declared`, `shipment.status_changed`, `dispatch.closed`. */
  topic: string;
  aggregateType: string;
  aggregateId: string;
  sellerOrgId?: string | null;
  carrierId?: string | null;
  /** A document already serialised (JsonText) is written as it is. */
  payload: Record<string, unknown> | JsonText;
}

/**
 * Taken by every transaction that writes messages, before it asks which of them a webhook endpoint
 * takes (outbox_routed, migration 0076). Registering an endpoint takes SHARE on the same table
 * (holdOutboxForEndpoint), so it waits for writers in flight and they for it: a message stored as
 * fanned out because nobody took it was committed before any endpoint that would take it existed.
 */
export async function holdOutboxForWrite(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE outbox_messages IN ROW EXCLUSIVE MODE');
}

/** For registering a webhook endpoint: see holdOutboxForWrite. */
export async function holdOutboxForEndpoint(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE outbox_messages IN SHARE MODE');
}

/**
 * Writes outbound messages in the caller's transaction; delivery happens later, from the table. A
 * message no live endpoint takes is stored fanned out (at the transaction's time, as the fan-out
 * would have marked it): routes are asked once per distinct topic, seller and carrier of the batch.
 */
export async function enqueueOutbox(tx: Queryable, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await holdOutboxForWrite(tx);
  const routeOf = (m: OutboxMessage) => `${m.topic}|${m.sellerOrgId ?? ''}|${m.carrierId ?? ''}`;
  const routes = new Map<string, OutboxMessage>();
  for (const m of messages) if (!routes.has(routeOf(m))) routes.set(routeOf(m), m);
  const asked = [...routes.values()];
  const answers = await tx.query<{ routed: boolean; at: Date }>(
    `SELECT outbox_routed(r.topic, r.seller, r.carrier) AS routed, now() AS at
       FROM unnest($1::text[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS r(topic, seller, carrier, n) ORDER BY r.n`,
    [asked.map((m) => m.topic), asked.map((m) => m.sellerOrgId ?? null), asked.map((m) => m.carrierId ?? null)],
  );
  const fannedOutAt = new Map(asked.map((m, i) => [routeOf(m), answers[i].routed ? null : answers[i].at]));
  await tx.copyRows(
    'outbox_messages',
    ['topic', 'aggregate_type', 'aggregate_id', 'seller_org_id', 'carrier_id', 'payload', 'fanned_out_at'],
    messages.map((m) => [m.topic, m.aggregateType, m.aggregateId, m.sellerOrgId, m.carrierId, m.payload, fannedOutAt.get(routeOf(m))]),
  );
}
