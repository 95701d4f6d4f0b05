import type { Queryable } from '../../db/database.js';
import { appendAudit, type AuditEntry } from '../audit/audit.repository.js';
import { enqueueOutbox, type OutboxMessage } from '../outbox/outbox.repository.js';
import { appendTrackingEvents, type NewTrackingEvent } from '../tracking/tracking.repository.js';

/**
 * The side effects of one transaction — tracking events, audit records, outbound messages —
 * gathered from every module taking part and written with one statement per table. On the bulk
 * declare path this halves the statements per batch; elsewhere it keeps the three writes together.
 */
export class ChangeJournal {
  readonly events: NewTrackingEvent[] = [];
  readonly audit: AuditEntry[] = [];
  readonly outbox: OutboxMessage[] = [];

  /** Writes everything gathered. */
  async flush(tx: Queryable): Promise<void> {
    await appendTrackingEvents(tx, byKey(this.events, (e) => e.shipmentId));
    await appendAudit(tx, byKey(this.audit, (a) => a.entityId));
    await enqueueOutbox(tx, this.outbox);
    this.events.length = 0;
    this.audit.length = 0;
    this.outbox.length = 0;
  }
}

/**
 * Rows of one entity together, in the order they were recorded (the sort is stable). The events and
 * audit indexes lead with the entity's id, which is time-ordered: gathered per entity, a batch's
 * rows append at each index's right edge instead of splitting pages mid-index when a second module
 * records for entities the first already did.
 */
function byKey<T>(rows: T[], key: (row: T) => string): T[] {
  return rows.length < 2 ? rows : rows.slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
