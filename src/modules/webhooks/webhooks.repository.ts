import type { Queryable } from '../../db/database.js';
import type { Circuit, CircuitState } from './circuit-breaker.js';

export interface EndpointRow {
  id: string;
  organizationId: string;
  carrierId: string | null;
  url: string;
  eventTypes: string[];
  description: string | null;
  circuitState: CircuitState;
  consecutiveFailures: number;
  circuitOpenedAt: Date | null;
  circuitRetryAt: Date | null;
  createdAt: Date;
}

export type DeliveryState = 'PENDING' | 'SUCCEEDED' | 'DEAD';

export interface DeliveryRow {
  id: number;
  endpointId: string;
  messageSeq: number;
  topic: string;
  aggregateId: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface AttemptRow {
  id: number;
  deliveryId: number;
  attemptNo: number;
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  succeeded: boolean;
}

/** A delivery claimed for an attempt, with everything needed to send it. */
export interface ClaimedDelivery {
  id: number;
  endpointId: string;
  url: string;
  secret: string;
  messageSeq: number;
  attempts: number;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  messageCreatedAt: Date;
}

const ENDPOINT_COLUMNS = `id, organization_id AS "organizationId", carrier_id AS "carrierId", url, event_types AS "eventTypes",
  description, circuit_state AS "circuitState", consecutive_failures AS "consecutiveFailures",
  circuit_opened_at AS "circuitOpenedAt", circuit_retry_at AS "circuitRetryAt", created_at AS "createdAt"`;

const DELIVERY_COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.message_seq AS "messageSeq", d.topic, d.aggregate_id AS "aggregateId",
  d.state, d.attempts, d.next_attempt_at AS "nextAttemptAt", d.last_attempt_at AS "lastAttemptAt",
  d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.created_at AS "createdAt", d.completed_at AS "completedAt"`;

export async function insertEndpoint(
  tx: Queryable,
  e: { organizationId: string; carrierId: string | null; url: string; eventTypes: string[]; secret: string; description: string | null },
): Promise<EndpointRow> {
  const rows = await tx.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (organization_id, carrier_id, url, event_types, secret, description)
     VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING ${ENDPOINT_COLUMNS}`,
    [e.organizationId, e.carrierId, e.url, e.eventTypes, e.secret, e.description],
  );
  return rows[0];
}

export async function findEndpoints(
  db: Queryable,
  scope: { organizationId?: string },
  ids?: readonly string[],
  options: { includeDeleted?: boolean } = {},
): Promise<EndpointRow[]> {
  return db.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
      WHERE (${options.includeDeleted ? 'true' : 'deleted_at IS NULL'}) AND ($1::uuid IS NULL OR organization_id = $1) AND ($2::uuid[] IS NULL OR id = ANY($2))
      ORDER BY created_at, id`,
    [scope.organizationId ?? null, ids ?? null],
  );
}

/** Soft-deletes an endpoint and dead-letters what it still had to receive. */
export async function deleteEndpoint(tx: Queryable, id: string): Promise<void> {
  await tx.query('UPDATE webhook_endpoints SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL', [id]);
  await tx.query(
    `UPDATE webhook_deliveries SET state = 'DEAD', last_error = 'endpoint deleted', completed_at = now()
      WHERE endpoint_id = $1 AND state = 'PENDING'`,
    [id],
  );
}

export interface Backlog {
  pendingCount: number;
  oldestPendingAt: Date | null;
}

/**
 * One endpoint's unsent messages: its PENDING deliveries, and the messages addressed to it that are
 * not fanned out yet (matched as fanOut matches them). Dead-lettered deliveries are not pending.
 */
export async function endpointBacklog(db: Queryable, endpointId: string): Promise<Backlog> {
  const rows = await db.query<Backlog>(
    `WITH e AS (SELECT id, organization_id, carrier_id, event_types FROM webhook_endpoints WHERE id = $1),
          pending AS (
            SELECT m.created_at FROM webhook_deliveries d JOIN outbox_messages m ON m.seq = d.message_seq
             WHERE d.endpoint_id = $1 AND d.state = 'PENDING'
            UNION ALL
            SELECT m.created_at FROM outbox_messages m, e
             WHERE m.fanned_out_at IS NULL AND (m.seller_org_id = e.organization_id OR m.carrier_id = e.carrier_id)
               AND (m.topic = ANY(e.event_types) OR '*' = ANY(e.event_types)))
     SELECT count(*)::int AS "pendingCount", min(created_at) AS "oldestPendingAt" FROM pending`,
    [endpointId],
  );
  return rows[0];
}

/**
 * Fans out up to `limit` outbox messages, in seq order, to the live endpoints subscribed to them
 * (the message's seller organisation or carrier, topic in the endpoint's event types). Workers
 * serialise on the cursor row, so batches are fanned out in seq order one at a time. The batch is
 * marked by probing the key with its seqs, in the months it spans: joined to the CTE, the planner
 * merged it with the whole outbox from its first message (0.8 s a batch at a million messages).
 */
export async function fanOut(tx: Queryable, limit: number, now: Date): Promise<{ messages: number; deliveries: number }> {
  await tx.query('SELECT last_seq FROM webhook_fanout_cursor WHERE id = 1 FOR UPDATE');
  const rows = await tx.query<{ messages: number; deliveries: number }>(
    `WITH msgs AS (
       SELECT seq, created_at, topic, aggregate_id, seller_org_id, carrier_id FROM outbox_messages
        WHERE fanned_out_at IS NULL ORDER BY seq LIMIT $1
     ), ins AS (
       INSERT INTO webhook_deliveries (endpoint_id, message_seq, topic, aggregate_id, next_attempt_at)
       SELECT e.id, m.seq, m.topic, m.aggregate_id, $2::timestamptz
         FROM msgs m JOIN webhook_endpoints e
           ON e.deleted_at IS NULL
          AND (m.topic = ANY(e.event_types) OR '*' = ANY(e.event_types))
          AND (e.organization_id = m.seller_org_id OR e.carrier_id = m.carrier_id)
        ORDER BY m.seq, e.id
       ON CONFLICT (endpoint_id, message_seq) DO NOTHING
       RETURNING 1
     ), marked AS (
       UPDATE outbox_messages o SET fanned_out_at = now()
        WHERE o.seq = ANY((SELECT array_agg(seq) FROM msgs)::bigint[])
          AND o.created_at BETWEEN (SELECT min(created_at) FROM msgs) AND (SELECT max(created_at) FROM msgs)
        RETURNING o.seq
     ), cur AS (
       UPDATE webhook_fanout_cursor SET last_seq = GREATEST(last_seq, COALESCE((SELECT max(seq) FROM marked), 0)),
              messages_fanned_out = messages_fanned_out + (SELECT count(*) FROM marked), updated_at = now()
        WHERE id = 1 RETURNING 1
     )
     SELECT (SELECT count(*) FROM marked)::int AS messages, (SELECT count(*) FROM ins)::int AS deliveries, (SELECT count(*) FROM cur)::int AS c`,
    [limit, now.toISOString()],
  );
  return { messages: rows[0].messages, deliveries: rows[0].deliveries };
}

const CLAIM_RETURNING = `d.id, d.endpoint_id AS "endpointId", e.url, e.secret, d.message_seq AS "messageSeq", d.attempts,
  d.topic, m.aggregate_type AS "aggregateType", d.aggregate_id AS "aggregateId", m.payload, m.created_at AS "messageCreatedAt"`;

/**
 * Claims due deliveries: only the oldest pending one per (endpoint, aggregate), so one parcel's
 * messages reach an endpoint in order; rows other workers hold are skipped. A claim spends an
 * attempt and pushes the due time out by the lease: if the worker dies, the delivery is due again
 * when the lease ends (at-least-once).
 */
export async function claimDue(db: Queryable, limit: number, leaseMs: number, now: Date, endpointId?: string): Promise<ClaimedDelivery[]> {
  return db.query<ClaimedDelivery>(
    `WITH picked AS (
       SELECT d.id FROM webhook_deliveries d
        WHERE d.state = 'PENDING' AND d.next_attempt_at <= $3::timestamptz
          AND ${endpointId ? 'd.endpoint_id = $4' : `EXISTS (SELECT 1 FROM webhook_endpoints ce WHERE ce.id = d.endpoint_id AND ce.circuit_state = 'CLOSED')`}
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries p
             WHERE p.endpoint_id = d.endpoint_id AND p.aggregate_id = d.aggregate_id AND p.state = 'PENDING' AND p.message_seq < d.message_seq)
        ORDER BY d.next_attempt_at, d.id
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_deliveries d
        SET attempts = d.attempts + 1, next_attempt_at = $3::timestamptz + $2 * interval '1 millisecond', last_attempt_at = $3::timestamptz
       FROM picked, webhook_endpoints e, outbox_messages m
      WHERE d.id = picked.id AND e.id = d.endpoint_id AND m.seq = d.message_seq
     RETURNING ${CLAIM_RETURNING}`,
    endpointId ? [limit, leaseMs, now.toISOString(), endpointId] : [limit, leaseMs, now.toISOString()],
  );
}

/**
 * Renews the lease on claims still held (same attempt, still PENDING): a live worker keeps its claim
 * however long a loaded machine takes to send and record, so no other worker sends it again.
 */
export async function extendLeases(db: Queryable, claims: readonly Pick<ClaimedDelivery, 'id' | 'attempts'>[], leaseMs: number, now: Date): Promise<void> {
  if (claims.length === 0) return;
  await db.query(
    `UPDATE webhook_deliveries d SET next_attempt_at = $4::timestamptz + $3 * interval '1 millisecond'
       FROM unnest($1::bigint[], $2::int[]) AS c(id, attempts)
      WHERE d.id = c.id AND d.attempts = c.attempts AND d.state = 'PENDING'`,
    [claims.map((c) => c.id), claims.map((c) => c.attempts), leaseMs, now.toISOString()],
  );
}

/** Endpoints whose open circuit has cooled down and that have due work: moved to HALF_OPEN for one probe. */
export async function startProbes(db: Queryable, cooldownMs: number, now: Date): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE webhook_endpoints e SET circuit_state = 'HALF_OPEN', circuit_retry_at = $2::timestamptz + $1 * interval '1 millisecond'
      WHERE e.circuit_state <> 'CLOSED' AND e.circuit_retry_at <= $2::timestamptz AND e.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state = 'PENDING' AND d.next_attempt_at <= $2::timestamptz)
      RETURNING e.id`,
    [cooldownMs, now.toISOString()],
  );
  return rows.map((r) => r.id);
}

/** One attempt as the sender saw it; attemptNo is the claim's: it lands only if no later claim took the delivery over. */
export type AttemptResult = Omit<AttemptRow, 'id'> & {
  /** PENDING (retry at nextAttemptAt), SUCCEEDED or DEAD. */
  nextState: DeliveryState;
  nextAttemptAt: Date | null;
};

export async function recordAttempts(tx: Queryable, results: readonly AttemptResult[]): Promise<void> {
  if (results.length === 0) return;
  await tx.query(
    `INSERT INTO webhook_delivery_attempts (delivery_id, attempt_no, attempted_at, status_code, latency_ms, response_excerpt, error, succeeded)
     SELECT * FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::int[], $5::int[], $6::text[], $7::text[], $8::boolean[])`,
    [
      results.map((r) => r.deliveryId),
      results.map((r) => r.attemptNo),
      results.map((r) => r.attemptedAt.toISOString()),
      results.map((r) => r.statusCode),
      results.map((r) => r.latencyMs),
      results.map((r) => r.responseExcerpt),
      results.map((r) => r.error),
      results.map((r) => r.succeeded),
    ],
  );
  await tx.query(
    `UPDATE webhook_deliveries d
        SET state = u.state,
            next_attempt_at = COALESCE(u.next_at, d.next_attempt_at),
            last_status_code = u.status_code,
            last_error = u.error,
            completed_at = CASE WHEN u.state = 'PENDING' THEN NULL ELSE u.attempted_at END
       FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[], $5::int[], $6::text[], $7::timestamptz[])
            AS u(id, attempt_no, state, next_at, status_code, error, attempted_at)
      WHERE d.id = u.id AND d.attempts = u.attempt_no AND d.state = 'PENDING'`,
    [
      results.map((r) => r.deliveryId),
      results.map((r) => r.attemptNo),
      results.map((r) => r.nextState),
      results.map((r) => r.nextAttemptAt?.toISOString() ?? null),
      results.map((r) => r.statusCode),
      results.map((r) => r.error),
      // Completed when its last attempt was made, by the delivery's clock (not the database's).
      results.map((r) => r.attemptedAt.toISOString()),
    ],
  );
}

export async function lockCircuits(tx: Queryable, endpointIds: readonly string[]): Promise<Map<string, Circuit>> {
  const rows = await tx.query<{ id: string; state: CircuitState; consecutiveFailures: number; openedAt: Date | null; retryAt: Date | null }>(
    `SELECT id, circuit_state AS state, consecutive_failures AS "consecutiveFailures", circuit_opened_at AS "openedAt", circuit_retry_at AS "retryAt"
       FROM webhook_endpoints WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [endpointIds],
  );
  return new Map(rows.map(({ id, ...c }) => [id, c]));
}

export async function saveCircuits(tx: Queryable, circuits: Map<string, Circuit>): Promise<void> {
  if (circuits.size === 0) return;
  const entries = [...circuits];
  await tx.query(
    `UPDATE webhook_endpoints e
        SET circuit_state = u.state, consecutive_failures = u.failures, circuit_opened_at = u.opened_at, circuit_retry_at = u.retry_at
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::timestamptz[]) AS u(id, state, failures, opened_at, retry_at)
      WHERE e.id = u.id`,
    [
      entries.map(([id]) => id),
      entries.map(([, c]) => c.state),
      entries.map(([, c]) => c.consecutiveFailures),
      entries.map(([, c]) => c.openedAt?.toISOString() ?? null),
      entries.map(([, c]) => c.retryAt?.toISOString() ?? null),
    ],
  );
}

export interface DeliveryFilter {
  organizationId?: string;
  endpointId?: string;
  state?: DeliveryState;
  topic?: string;
  aggregateId?: string;
  messageSeq?: number;
}

export async function listDeliveries(db: Queryable, filter: DeliveryFilter, page: { first: number; afterId?: number }): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE ($1::uuid IS NULL OR e.organization_id = $1)
        AND ($2::uuid IS NULL OR d.endpoint_id = $2)
        AND ($3::text IS NULL OR d.state = $3)
        AND ($4::text IS NULL OR d.topic = $4)
        AND ($5::text IS NULL OR d.aggregate_id = $5)
        AND ($6::bigint IS NULL OR d.message_seq = $6)
        AND ($7::bigint IS NULL OR d.id < $7)
      ORDER BY d.id DESC LIMIT $8`,
    [
      filter.organizationId ?? null,
      filter.endpointId ?? null,
      filter.state ?? null,
      filter.topic ?? null,
      filter.aggregateId ?? null,
      filter.messageSeq ?? null,
      page.afterId ?? null,
      page.first + 1,
    ],
  );
}

export async function findDelivery(db: Queryable, id: number): Promise<(DeliveryRow & { organizationId: string }) | undefined> {
  const rows = await db.query<DeliveryRow & { organizationId: string }>(
    `SELECT ${DELIVERY_COLUMNS}, e.organization_id AS "organizationId" FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`,
    [id],
  );
  return rows[0];
}

export async function attemptsForDeliveries(db: Queryable, ids: readonly number[]): Promise<Map<number, AttemptRow[]>> {
  const rows = await db.query<AttemptRow>(
    `SELECT id, delivery_id AS "deliveryId", attempt_no AS "attemptNo", attempted_at AS "attemptedAt", status_code AS "statusCode",
            latency_ms AS "latencyMs", response_excerpt AS "responseExcerpt", error, succeeded
       FROM webhook_delivery_attempts WHERE delivery_id = ANY($1::bigint[]) ORDER BY delivery_id, id`,
    [ids],
  );
  const byDelivery = new Map<number, AttemptRow[]>(ids.map((id) => [id, []]));
  for (const r of rows) byDelivery.get(r.deliveryId)?.push(r);
  return byDelivery;
}

/** Puts a delivery back in the queue with a fresh attempt budget; its attempt history stays. */
export async function requeueDelivery(tx: Queryable, id: number, now: Date): Promise<DeliveryRow | undefined> {
  const rows = await tx.query<DeliveryRow>(
    `UPDATE webhook_deliveries d SET state = 'PENDING', attempts = 0, next_attempt_at = $2, completed_at = NULL
      WHERE d.id = $1 AND d.state <> 'PENDING' RETURNING ${DELIVERY_COLUMNS}`,
    [id, now.toISOString()],
  );
  return rows[0];
}

export async function messageForDelivery(db: Queryable, id: number): Promise<{ topic: string; aggregateType: string; aggregateId: string; payload: unknown; createdAt: Date } | undefined> {
  const rows = await db.query<{ topic: string; aggregateType: string; aggregateId: string; payload: unknown; createdAt: Date }>(
    `SELECT m.topic, m.aggregate_type AS "aggregateType", m.aggregate_id AS "aggregateId", m.payload, m.created_at AS "createdAt"
       FROM webhook_deliveries d JOIN outbox_messages m ON m.seq = d.message_seq WHERE d.id = $1`,
    [id],
  );
  return rows[0];
}

export interface CarrierMessageHealth {
  carrierId: string;
  /** Messages to the carrier's endpoints with at least one failed attempt since `from` (dead letters included). */
  messageFailures: number;
  /** Messages to the carrier's endpoints given up on (DEAD) since `from`. */
  deadLetters: number;
}

/**
 * Push health per carrier, from the stored deliveries and attempts: one row for every carrier that
 * has a live endpoint or had deliveries in the window. A hub sees the messages about its own
 * parcels and dispatches (the outbox message's aggregate); null hubId: every message.
 */
export async function carrierMessageHealth(db: Queryable, hubId: string | null, from: Date): Promise<CarrierMessageHealth[]> {
  return db.query<CarrierMessageHealth>(
    `WITH scoped AS (
       SELECT e.carrier_id, d.id, d.state, d.completed_at
         FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.carrier_id IS NOT NULL
         JOIN outbox_messages m ON m.seq = d.message_seq
         LEFT JOIN shipments s ON s.id = CASE WHEN m.aggregate_type = 'shipment' THEN m.aggregate_id::uuid END
         LEFT JOIN dispatches x ON x.id = CASE WHEN m.aggregate_type = 'dispatch' THEN m.aggregate_id::uuid END
        WHERE (d.last_attempt_at >= $1 OR d.completed_at >= $1)
          AND ($2::uuid IS NULL OR coalesce(s.hub_id, x.hub_id) = $2)
     ), per AS (
       SELECT carrier_id,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM webhook_delivery_attempts a
                                              WHERE a.delivery_id = scoped.id AND NOT a.succeeded AND a.attempted_at >= $1))::int AS failures,
              count(*) FILTER (WHERE state = 'DEAD' AND completed_at >= $1)::int AS dead
         FROM scoped GROUP BY carrier_id
     )
     SELECT c.carrier_id AS "carrierId", coalesce(per.failures, 0) AS "messageFailures", coalesce(per.dead, 0) AS "deadLetters"
       FROM (SELECT carrier_id FROM webhook_endpoints WHERE carrier_id IS NOT NULL AND deleted_at IS NULL UNION SELECT carrier_id FROM per) c
       LEFT JOIN per ON per.carrier_id = c.carrier_id`,
    [from.toISOString(), hubId],
  );
}
