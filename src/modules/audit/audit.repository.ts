import type { Queryable } from '../../db/database.js';
import { actorId, type Actor } from '../auth/principal.js';

export interface AuditEntry {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
}

export interface AuditRecord {
  id: number;
  occurredAt: Date;
  actorKind: string;
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
}

/** Appends audit records in one statement; the table refuses updates and deletes. */
export async function appendAudit(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO audit_log (actor_kind, actor_id, action, entity_type, entity_id, before, after, reason, request_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[], $9::text[])`,
    [
      entries.map((e) => e.actor.kind),
      entries.map((e) => actorId(e.actor)),
      entries.map((e) => e.action),
      entries.map((e) => e.entityType),
      entries.map((e) => e.entityId),
      entries.map((e) => (e.before === undefined ? null : JSON.stringify(e.before))),
      entries.map((e) => (e.after === undefined ? null : JSON.stringify(e.after))),
      entries.map((e) => e.reason ?? null),
      entries.map((e) => e.requestId ?? null),
    ],
  );
}

export async function auditTrail(db: Queryable, entityId: string): Promise<AuditRecord[]> {
  return db.query<AuditRecord>(
    `SELECT id, occurred_at AS "occurredAt", actor_kind AS "actorKind", actor_id AS "actorId", action,
            entity_type AS "entityType", entity_id AS "entityId", before, after, reason, request_id AS "requestId"
       FROM audit_log WHERE entity_id = $1 ORDER BY id`,
    [entityId],
  );
}
