-- Customs: one declaration per shipment with its state, lane and version (optimistic concurrency),
-- the duty-and-tax assessments, risk hits, document requests, inspections and duty payments.
CREATE TABLE customs_declarations (
  shipment_id uuid PRIMARY KEY REFERENCES shipments(id) ON DELETE CASCADE,
  hub_id uuid NOT NULL REFERENCES hubs(id),
  seller_org_id uuid NOT NULL REFERENCES organizations(id),
  direction text NOT NULL CHECK (direction IN ('IMPORT', 'EXPORT')),
  state text NOT NULL,
  lane text NOT NULL CHECK (lane IN ('GREEN', 'AMBER', 'RED')),
  -- 0 RED, 1 AMBER, 2 GREEN: the officer queue's first sort key.
  lane_rank smallint NOT NULL,
  score integer NOT NULL,
  version integer NOT NULL DEFAULT 1,
  regime text NOT NULL,
  rule_version text NOT NULL,
  due_currency char(3) NOT NULL,
  due_minor bigint NOT NULL DEFAULT 0,
  paid_minor bigint NOT NULL DEFAULT 0,
  -- Who receives the parcel, normalised, for split-shipment and CBEC annual-limit statistics.
  addressee_key text NOT NULL,
  value_sdr_minor bigint NOT NULL,
  -- China CBEC: the value counted against the buyer's annual limit (CNY minor units), else 0.
  cbec_value_minor bigint NOT NULL DEFAULT 0,
  declared_at timestamptz NOT NULL,
  assessed_at timestamptz NOT NULL,
  state_changed_at timestamptz NOT NULL,
  escalated_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Only declarations waiting for an officer are indexed for the queue: GREEN ones never enter it.
CREATE INDEX customs_declarations_queue ON customs_declarations (hub_id, lane_rank, score DESC, assessed_at, shipment_id)
  WHERE state IN ('UNDER_REVIEW', 'HELD_FOR_INSPECTION', 'DOCUMENTS_REQUESTED');
CREATE INDEX customs_declarations_green ON customs_declarations (assessed_at) WHERE state = 'ASSESSED' AND lane = 'GREEN';
CREATE INDEX customs_declarations_addressee ON customs_declarations (addressee_key, declared_at);
CREATE INDEX customs_declarations_review_age ON customs_declarations (state_changed_at) WHERE state = 'UNDER_REVIEW' AND escalated_at IS NULL;

-- Every assessment ever made (declaration, then any re-assessment), with its inputs and arithmetic.
CREATE TABLE customs_assessments (
  id bigserial PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  regime text NOT NULL,
  basis text NOT NULL,
  rule_version text NOT NULL,
  currency char(3) NOT NULL,
  value_minor bigint NOT NULL,
  duty_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  due_minor bigint NOT NULL,
  collected_at_sale_minor bigint NOT NULL,
  lines jsonb NOT NULL,
  inputs jsonb NOT NULL,
  notes jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customs_assessments_shipment ON customs_assessments (shipment_id, id DESC);

-- Risk rule hits per run (run 1 at declaration, later runs after a re-check such as the hub's weight).
CREATE TABLE risk_hits (
  id bigserial PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  run integer NOT NULL,
  code text NOT NULL,
  weight integer NOT NULL,
  explanation text NOT NULL,
  detail jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risk_hits_shipment ON risk_hits (shipment_id, run, id);

CREATE TABLE document_requests (
  id uuid PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  documents jsonb NOT NULL,
  message text NOT NULL,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  response text,
  document_references jsonb,
  responded_by text,
  responded_at timestamptz
);
CREATE INDEX document_requests_shipment ON document_requests (shipment_id, requested_at);

CREATE TABLE customs_inspections (
  id uuid PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  outcome text NOT NULL,
  findings text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customs_inspections_shipment ON customs_inspections (shipment_id, recorded_at);

-- Duty and tax payments; the payment reference makes recording idempotent.
CREATE TABLE duty_payments (
  id uuid PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  payment_reference text NOT NULL UNIQUE,
  provider text NOT NULL,
  provider_transaction_id text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX duty_payments_shipment ON duty_payments (shipment_id);
