-- Hub warehouse and consolidation (issue 4): locations, parcels in the hub, exceptions, receptacles
-- (S9), dispatches (S8), dwell alerts and the carrier handoff queue. See docs/hub.md.

-- Zones, aisles and bins, seeded from seed/hub-locations.json. code = ZONE-AISLE-BIN.
CREATE TABLE hub_locations (
  hub_id uuid NOT NULL REFERENCES hubs(id),
  code text NOT NULL,
  zone text NOT NULL,
  aisle text NOT NULL,
  bin text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('RECEIVING', 'STORAGE', 'DANGEROUS_GOODS', 'BAGGING', 'EXCEPTIONS')),
  PRIMARY KEY (hub_id, code)
);

-- S8 serials: one counter row per origin/destination/category/subclass/year, taken with
-- INSERT … ON CONFLICT DO UPDATE … RETURNING, so only dispatches of the same key wait on each other.
CREATE TABLE dispatch_serials (
  origin_office char(6) NOT NULL,
  destination_office char(6) NOT NULL,
  mail_category char(1) NOT NULL,
  mail_subclass char(2) NOT NULL,
  year smallint NOT NULL,
  last_serial integer NOT NULL,
  PRIMARY KEY (origin_office, destination_office, mail_category, mail_subclass, year)
);

CREATE TABLE dispatches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id uuid NOT NULL REFERENCES hubs(id),
  -- S8 identifier, 20 characters.
  dispatch_number char(20) NOT NULL UNIQUE,
  origin_office char(6) NOT NULL,
  destination_office char(6) NOT NULL,
  mail_category char(1) NOT NULL,
  mail_subclass char(2) NOT NULL,
  year smallint NOT NULL,
  serial smallint NOT NULL CHECK (serial BETWEEN 1 AND 9999),
  carrier_id uuid NOT NULL REFERENCES carriers(id),
  -- Planned transport: mode, flight, departure (printed on every bag label).
  transport jsonb NOT NULL,
  air_waybill text,
  state text NOT NULL CHECK (state IN ('OPEN', 'CLOSED')),
  -- Receptacle serials handed out so far (S9 positions 21–23, at most 999).
  receptacle_count integer NOT NULL DEFAULT 0 CHECK (receptacle_count BETWEEN 0 AND 999),
  -- CN 38-style delivery bill, frozen at close.
  delivery_bill jsonb,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX dispatches_open_lane ON dispatches (hub_id, destination_office, mail_category, mail_subclass, carrier_id) WHERE state = 'OPEN';

CREATE TABLE receptacles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id uuid NOT NULL REFERENCES hubs(id),
  -- The lane: what may go in.
  origin_office char(6) NOT NULL,
  destination_office char(6) NOT NULL,
  mail_category char(1) NOT NULL,
  mail_subclass char(2) NOT NULL,
  carrier_id uuid NOT NULL REFERENCES carriers(id),
  allow_registered_mix boolean NOT NULL DEFAULT false,
  state text NOT NULL CHECK (state IN ('OPEN', 'CLOSED', 'DISPATCHED')),
  dispatch_id uuid REFERENCES dispatches(id),
  serial smallint CHECK (serial BETWEEN 1 AND 999),
  -- S9 identifier, 29 characters, computed at close.
  receptacle_number char(29) UNIQUE,
  item_count integer NOT NULL DEFAULT 0 CHECK (item_count >= 0),
  gross_weight_g integer NOT NULL DEFAULT 0 CHECK (gross_weight_g >= 0),
  registered_count integer NOT NULL DEFAULT 0 CHECK (registered_count >= 0),
  dangerous_goods_count integer NOT NULL DEFAULT 0 CHECK (dangerous_goods_count >= 0),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (dispatch_id, serial),
  CHECK ((dispatch_id IS NULL) = (serial IS NULL)),
  CHECK (state = 'OPEN' OR receptacle_number IS NOT NULL)
);
CREATE INDEX receptacles_dispatch ON receptacles (dispatch_id);
CREATE INDEX receptacles_hub_state ON receptacles (hub_id, state);

-- A parcel physically in the hub. receptacle_id is set exactly when it is bagged: the conditional
-- UPDATE … WHERE receptacle_id IS NULL is what lets only one of two concurrent bag scans win.
CREATE TABLE hub_parcels (
  shipment_id uuid PRIMARY KEY REFERENCES shipments(id),
  hub_id uuid NOT NULL REFERENCES hubs(id),
  state text NOT NULL CHECK (state IN ('RECEIVED', 'BAGGED', 'DISPATCHED')),
  location_code text NOT NULL,
  received_weight_g integer NOT NULL CHECK (received_weight_g > 0),
  length_mm integer NOT NULL CHECK (length_mm > 0),
  width_mm integer NOT NULL CHECK (width_mm > 0),
  height_mm integer NOT NULL CHECK (height_mm > 0),
  received_at timestamptz NOT NULL,
  receptacle_id uuid REFERENCES receptacles(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  FOREIGN KEY (hub_id, location_code) REFERENCES hub_locations (hub_id, code),
  CHECK ((state = 'RECEIVED') = (receptacle_id IS NULL))
);
CREATE INDEX hub_parcels_inventory ON hub_parcels (hub_id, received_at, shipment_id);
CREATE INDEX hub_parcels_unbagged ON hub_parcels (hub_id, received_at) WHERE state = 'RECEIVED';
CREATE INDEX hub_parcels_receptacle ON hub_parcels (receptacle_id);

-- Unmanifested parcels and weight discrepancies: nothing scanned is dropped. One open exception
-- per hub, kind and scanned code; a re-scan counts up.
CREATE TABLE hub_exceptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id uuid NOT NULL REFERENCES hubs(id),
  kind text NOT NULL CHECK (kind IN ('UNMANIFESTED', 'WEIGHT_DISCREPANCY')),
  -- UNMANIFESTED: MALFORMED_NUMBER, UNKNOWN_NUMBER or OTHER_HUB.
  reason text,
  scanned_code text NOT NULL,
  shipment_id uuid REFERENCES shipments(id),
  declared_weight_g integer,
  measured_weight_g integer,
  dimensions_mm jsonb,
  location_code text,
  scan_count integer NOT NULL DEFAULT 1,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE UNIQUE INDEX hub_exceptions_open ON hub_exceptions (hub_id, kind, scanned_code) WHERE resolved_at IS NULL;
CREATE INDEX hub_exceptions_hub ON hub_exceptions (hub_id, first_seen_at DESC, id DESC);

-- A parcel that stayed longer than a configured threshold; raised once per parcel and threshold.
CREATE TABLE hub_dwell_alerts (
  shipment_id uuid NOT NULL REFERENCES shipments(id),
  threshold_hours integer NOT NULL,
  hub_id uuid NOT NULL REFERENCES hubs(id),
  received_at timestamptz NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shipment_id, threshold_hours)
);
CREATE INDEX hub_dwell_alerts_hub ON hub_dwell_alerts (hub_id, raised_at DESC);

-- The carrier handoff queue: a closed dispatch waiting for its carrier. The carrier module owns
-- what happens next (leasing columns, delivery attempts); the hub only inserts READY rows.
CREATE TABLE carrier_handoffs (
  dispatch_id uuid PRIMARY KEY REFERENCES dispatches(id),
  carrier_id uuid NOT NULL REFERENCES carriers(id),
  state text NOT NULL DEFAULT 'READY',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX carrier_handoffs_ready ON carrier_handoffs (carrier_id, created_at) WHERE state = 'READY';
