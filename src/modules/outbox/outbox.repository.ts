import type { Queryable } from '../../db/database.js';

export interface OutboxMessage {
  /** e.g. `shipment.declared`, `shipment.status_changed`, `dispatch.closed`. */
  topic: string;
  aggregateType: string;
  aggregateId: string;
  sellerOrgId?: string | null;
  carrierId?: string | null;
  payload: Record<string, unknown>;
}

/** Writes outbound messages in the caller's transaction; delivery happens later, from the table. */
export async function enqueueOutbox(tx: Queryable, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await tx.query(
    `INSERT INTO outbox_messages (topic, aggregate_type, aggregate_id, seller_org_id, carrier_id, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::jsonb[])`,
    [
      messages.map((m) => m.topic),
      messages.map((m) => m.aggregateType),
      messages.map((m) => m.aggregateId),
      messages.map((m) => m.sellerOrgId ?? null),
      messages.map((m) => m.carrierId ?? null),
      messages.map((m) => JSON.stringify(m.payload)),
    ],
  );
}
