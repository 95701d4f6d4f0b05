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
  await tx.copyRows(
    'outbox_messages',
    ['topic', 'aggregate_type', 'aggregate_id', 'seller_org_id', 'carrier_id', 'payload'],
    messages.map((m) => [m.topic, m.aggregateType, m.aggregateId, m.sellerOrgId, m.carrierId, m.payload]),
  );
}
