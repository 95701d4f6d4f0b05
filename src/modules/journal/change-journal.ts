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

  /** Writes everything gathered; `keep` drops the entries of entities that were not stored after all. */
  async flush(tx: Queryable, keep?: (entityId: string) => boolean): Promise<void> {
    const events = keep ? this.events.filter((e) => keep(e.shipmentId)) : this.events;
    const audit = keep ? this.audit.filter((a) => keep(a.entityId)) : this.audit;
    const outbox = keep ? this.outbox.filter((m) => keep(m.aggregateId)) : this.outbox;
    await appendTrackingEvents(tx, events);
    await appendAudit(tx, audit);
    await enqueueOutbox(tx, outbox);
    this.events.length = 0;
    this.audit.length = 0;
    this.outbox.length = 0;
  }
}
