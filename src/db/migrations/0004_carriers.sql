-- Carrier handoff (issue 5): webhook endpoints, stored deliveries and attempts, carrier events.

-- Which outbox messages have been fanned out to endpoints. A marker rather than a "last seq"
-- cursor alone: seq values are taken at insert and transactions commit out of seq order, so a
-- cursor could step over a message whose transaction commits late.
ALTER TABLE outbox_messages ADD COLUMN fanned_out_at timestamptz;
CREATE INDEX outbox_messages_pending_fanout ON outbox_messages (seq) WHERE fanned_out_at IS NULL;

-- One row: fan-out workers lock it, so messages are fanned out one batch at a time in seq order.
CREATE TABLE webhook_fanout_cursor (
  id smallint PRIMARY KEY CHECK (id = 1),
  last_seq bigint NOT NULL DEFAULT 0,
  messages_fanned_out bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO webhook_fanout_cursor (id) VALUES (1);

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  -- Copied from the organisation: messages addressed to a carrier reach its endpoints.
  carrier_id uuid REFERENCES carriers(id),
  url text NOT NULL,
  -- Outbox topics, or '*' for all.
  event_types text[] NOT NULL,
  -- Standard Webhooks form: whsec_ + base64 of 32 random bytes.
  secret text NOT NULL,
  description text,
  -- Circuit breaker: CLOSED delivers; OPEN waits until circuit_retry_at; HALF_OPEN lets one probe through.
  circuit_state text NOT NULL DEFAULT 'CLOSED' CHECK (circuit_state IN ('CLOSED', 'OPEN', 'HALF_OPEN')),
  consecutive_failures integer NOT NULL DEFAULT 0,
  circuit_opened_at timestamptz,
  circuit_retry_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (organization_id) WHERE deleted_at IS NULL;

-- One delivery per endpoint and outbox message: the retry queue and the record of what was sent.
CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id),
  message_seq bigint NOT NULL REFERENCES outbox_messages(seq),
  topic text NOT NULL,
  -- Ordering key: one aggregate's (parcel's, dispatch's) messages reach one endpoint in seq order.
  aggregate_id text NOT NULL,
  state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SUCCEEDED', 'DEAD')),
  attempts integer NOT NULL DEFAULT 0,
  -- Due time; while an attempt is in flight it is pushed out by the lease, so a crashed worker's
  -- claim comes back by itself.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  UNIQUE (endpoint_id, message_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, aggregate_id, message_seq) WHERE state = 'PENDING';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

CREATE TABLE webhook_delivery_attempts (
  id bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id),
  attempt_no integer NOT NULL,
  attempted_at timestamptz NOT NULL,
  status_code integer,
  latency_ms integer NOT NULL,
  response_excerpt text,
  error text,
  succeeded boolean NOT NULL
);
CREATE INDEX webhook_delivery_attempts_delivery ON webhook_delivery_attempts (delivery_id, id);

-- Events reported by carriers, idempotent by the carrier's own event id.
CREATE TABLE carrier_events (
  id bigserial PRIMARY KEY,
  carrier_id uuid NOT NULL REFERENCES carriers(id),
  event_id text NOT NULL,
  shipment_id uuid REFERENCES shipments(id),
  receptacle_ref text,
  code text NOT NULL,
  occurred_at timestamptz NOT NULL,
  office text,
  country_code char(2),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (carrier_id, event_id)
);
CREATE INDEX carrier_events_shipment ON carrier_events (shipment_id, occurred_at);

-- Pull queue (the hub inserts READY rows when a dispatch closes, see 0003): leases and receipts.
-- READY → LEASED (claimHandoffs; back to claimable when leased_until passes) → ACKNOWLEDGED.
ALTER TABLE carrier_handoffs ADD COLUMN lease_id uuid;
ALTER TABLE carrier_handoffs ADD COLUMN leased_until timestamptz;
ALTER TABLE carrier_handoffs ADD COLUMN lease_count integer NOT NULL DEFAULT 0;
ALTER TABLE carrier_handoffs ADD COLUMN acknowledged_at timestamptz;
-- RESDES-style receipt: receptacles received, missing and extra.
ALTER TABLE carrier_handoffs ADD COLUMN receipt jsonb;
CREATE INDEX carrier_handoffs_claimable ON carrier_handoffs (carrier_id, created_at, dispatch_id) WHERE state <> 'ACKNOWLEDGED';
-- The pre-advice message of a dispatch: the pull queue serves the same advance data from it.
CREATE INDEX outbox_messages_dispatch_closed ON outbox_messages (aggregate_id) WHERE topic = 'dispatch.closed';
