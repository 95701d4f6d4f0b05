-- Reference data: loaded from seed/ by the seeder, never edited by hand.
CREATE TABLE countries (
  code char(2) PRIMARY KEY,
  name text NOT NULL,
  currency char(3) NOT NULL,
  region text NOT NULL,
  eu_member boolean NOT NULL DEFAULT false
);

CREATE TABLE currencies (
  code char(3) PRIMARY KEY,
  name text NOT NULL,
  minor_units smallint NOT NULL CHECK (minor_units BETWEEN 0 AND 4)
);

-- per_base: units of the currency per one unit of the base currency, valid from a date.
CREATE TABLE exchange_rates (
  currency char(3) NOT NULL REFERENCES currencies(code),
  valid_from date NOT NULL,
  per_base numeric(20, 8) NOT NULL CHECK (per_base > 0),
  PRIMARY KEY (currency, valid_from)
);

CREATE TABLE hs_chapters (
  code char(2) PRIMARY KEY,
  section text NOT NULL,
  title text NOT NULL
);

CREATE TABLE hs_headings (
  code char(4) PRIMARY KEY,
  title text NOT NULL
);

CREATE TABLE hs_subheadings (
  code char(6) PRIMARY KEY,
  title text NOT NULL
);

CREATE TABLE hubs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  country_code char(2) NOT NULL REFERENCES countries(code),
  office_of_exchange char(6) NOT NULL,
  s10_country char(2) NOT NULL,
  timezone text NOT NULL
);

-- One S10 serial range per hub and postal service; serials come from a sequence so that
-- concurrent bulk declarations never wait on each other for numbers.
CREATE TABLE s10_series (
  hub_id uuid NOT NULL REFERENCES hubs(id),
  service text NOT NULL,
  service_indicator char(2) NOT NULL,
  first_serial integer NOT NULL CHECK (first_serial BETWEEN 0 AND 99999999),
  last_serial integer NOT NULL CHECK (last_serial BETWEEN 0 AND 99999999),
  sequence_name text NOT NULL UNIQUE,
  PRIMARY KEY (hub_id, service),
  CHECK (first_serial <= last_serial)
);

CREATE TABLE carriers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  country_code char(2) NOT NULL REFERENCES countries(code),
  office_of_exchange char(6) NOT NULL,
  -- Destination countries this carrier takes over from the hub.
  destinations jsonb NOT NULL DEFAULT '[]'::jsonb
);

-- Principals
CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('SELLER', 'CARRIER', 'CUSTOMS', 'HUB')),
  name text NOT NULL,
  country_code char(2) NOT NULL REFERENCES countries(code),
  hub_id uuid REFERENCES hubs(id),
  carrier_id uuid REFERENCES carriers(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'CARRIER' OR carrier_id IS NOT NULL),
  CHECK (kind NOT IN ('CUSTOMS', 'HUB') OR hub_id IS NOT NULL)
);
CREATE UNIQUE INDEX organizations_name_kind ON organizations (kind, lower(name));

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid REFERENCES organizations(id),
  role text NOT NULL CHECK (role IN ('SELLER', 'CUSTOMS_OFFICER', 'HUB_OPERATOR', 'CARRIER', 'ADMIN')),
  label text NOT NULL,
  key_prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CHECK (role = 'ADMIN' OR organization_id IS NOT NULL)
);

-- Declarations
CREATE TABLE shipments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seller_org_id uuid NOT NULL REFERENCES organizations(id),
  hub_id uuid NOT NULL REFERENCES hubs(id),
  seller_reference text NOT NULL,
  tracking_number char(13) NOT NULL UNIQUE,
  service text NOT NULL,
  -- Public lifecycle status (ShipmentStatus); each module sets it when it changes what happened last.
  status text NOT NULL,
  -- The declaration's customs state, owned by the customs module; the hub bags only RELEASED parcels.
  customs_status text NOT NULL DEFAULT 'SUBMITTED',
  sender jsonb NOT NULL,
  addressee jsonb NOT NULL,
  origin_country char(2) NOT NULL REFERENCES countries(code),
  destination_country char(2) NOT NULL REFERENCES countries(code),
  category text NOT NULL,
  category_explanation text,
  gross_weight_g integer NOT NULL CHECK (gross_weight_g > 0),
  net_weight_g integer NOT NULL CHECK (net_weight_g > 0),
  currency char(3) NOT NULL REFERENCES currencies(code),
  total_value_minor bigint NOT NULL CHECK (total_value_minor >= 0),
  value_sdr_minor bigint NOT NULL CHECK (value_sdr_minor >= 0),
  rates_date date NOT NULL,
  customs_form text NOT NULL CHECK (customs_form IN ('CN22', 'CN23')),
  lithium_batteries text NOT NULL DEFAULT 'NONE',
  ioss_number text,
  tax_id text,
  customs_details jsonb NOT NULL DEFAULT '{}'::jsonb,
  line_count smallint NOT NULL,
  declared_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (seller_org_id, seller_reference)
);
-- Listing is newest first, scoped to a seller or a hub; every extra index here slows the bulk declare path.
CREATE INDEX shipments_seller_declared ON shipments (seller_org_id, declared_at DESC, id DESC);
CREATE INDEX shipments_hub_declared ON shipments (hub_id, declared_at DESC, id DESC);

CREATE TABLE shipment_lines (
  shipment_id uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  line_no smallint NOT NULL,
  description text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  net_weight_g integer NOT NULL CHECK (net_weight_g > 0),
  value_minor bigint NOT NULL CHECK (value_minor >= 0),
  currency char(3) NOT NULL REFERENCES currencies(code),
  hs_code text NOT NULL,
  origin_country char(2) NOT NULL REFERENCES countries(code),
  PRIMARY KEY (shipment_id, line_no)
);

-- Timeline of a parcel, in UPU event codes. occurred_at is when it happened (carriers report late
-- and out of order); recorded_at is when Silkgate learnt it.
CREATE TABLE tracking_events (
  id bigserial PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
  code text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  office text,
  country_code char(2),
  source text NOT NULL,
  detail jsonb
);
CREATE INDEX tracking_events_shipment ON tracking_events (shipment_id, occurred_at, recorded_at);

-- Who did what, when, why, with the state before and after. Append-only: see trigger below.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb,
  reason text,
  request_id text
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Transactional outbox: every outbound message is written in the transaction of the change it
-- reports. The carriers module fans it out to subscribed endpoints and records each delivery.
CREATE TABLE outbox_messages (
  -- Also the message's identity and its order: a receiver sees seq order per parcel.
  seq bigserial PRIMARY KEY,
  topic text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  -- Who may receive it: the owning seller and/or the carrier concerned.
  seller_org_id uuid,
  carrier_id uuid,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A bulk call's results, replayed when the same seller retries with the same key.
CREATE TABLE idempotency_keys (
  seller_org_id uuid NOT NULL REFERENCES organizations(id),
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  results jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seller_org_id, idempotency_key)
);
