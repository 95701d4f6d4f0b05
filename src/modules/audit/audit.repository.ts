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
  // Objects go to copyRows as they are (it writes them as JSON); anything else is made JSON here.
  const json = (value: unknown) => (value === undefined ? null : typeof value === 'object' ? value : JSON.stringify(value));
  await tx.copyRows(
    'audit_log',
    ['actor_kind', 'actor_id', 'action', 'entity_type', 'entity_id', 'before', 'after', 'reason', 'request_id'],
    entries.map((e) => [e.actor.kind, actorId(e.actor), e.action, e.entityType, e.entityId, json(e.before), json(e.after), e.reason, e.requestId]),
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

/**
 * The same audit record for many entities in one statement, built in SQL: `after` is `fixed`
 * plus one field that differs per entity (`perEntity.key` = `perEntity.values[i]`). A bulk step of
 * 100,000 parcels writes its records without shipping 100,000 JSON documents.
 */
export async function appendAuditForEach(
  tx: Queryable,
  record: { actor: Actor; action: string; entityType: string; requestId?: string | null; fixed: Record<string, unknown> },
  entityIds: readonly string[],
  perEntity: { key: string; values: readonly string[] },
): Promise<void> {
  if (entityIds.length === 0) return;
  await tx.query(
    `INSERT INTO audit_log (actor_kind, actor_id, action, entity_type, entity_id, after, request_id)
     SELECT $1, $2, $3, $4, u.e, ($5::jsonb || jsonb_build_object($6::text, u.v))::json, $7
       FROM unnest($8::text[], $9::text[]) AS u(e, v)`,
    [record.actor.kind, actorId(record.actor), record.action, record.entityType, JSON.stringify(record.fixed), perEntity.key, record.requestId ?? null, entityIds, perEntity.values],
  );
}
