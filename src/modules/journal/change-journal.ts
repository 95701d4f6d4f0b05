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
    await appendTrackingEvents(tx, this.events);
    await appendAudit(tx, this.audit);
    await enqueueOutbox(tx, this.outbox);
    this.events.length = 0;
    this.audit.length = 0;
    this.outbox.length = 0;
  }
}
