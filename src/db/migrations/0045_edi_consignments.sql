-- Postal EDI (issue 16 part 2, docs/edi.md): consignments for CARDIT, and which closed dispatches
-- have had their PREDES/ITMATT published to the outbox.

-- A consignment: closed dispatches of one carrier handed over together under one air waybill,
-- with the transport legs the CARDIT lists. Legs are written once and read whole: json.
CREATE TABLE consignments (
  id uuid PRIMARY KEY,
  hub_id uuid NOT NULL REFERENCES hubs(id),
  carrier_id uuid NOT NULL REFERENCES carriers(id),
  consignment_number text COLLATE "C" NOT NULL UNIQUE,
  air_waybill text,
  legs json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consignments_carrier ON consignments (carrier_id, created_at, id);
CREATE SEQUENCE consignment_serials;

-- A dispatch travels in at most one consignment: the primary key refuses a second.
CREATE TABLE consignment_dispatches (
  dispatch_id uuid PRIMARY KEY REFERENCES dispatches(id),
  consignment_id uuid NOT NULL REFERENCES consignments(id)
);
CREATE INDEX consignment_dispatches_consignment ON consignment_dispatches (consignment_id, dispatch_id);

-- PREDES/ITMATT of a closed dispatch enqueued for webhooks (the edi.publish job): one row per
-- dispatch, inserted in the transaction that enqueues them, so each is published once.
CREATE TABLE edi_publications (
  dispatch_id uuid PRIMARY KEY REFERENCES dispatches(id),
  published_at timestamptz NOT NULL DEFAULT now()
);
-- The job looks at dispatches closed within its window only, so a run reads a bounded range
-- whatever the number of dispatches closed before.
CREATE INDEX dispatches_closed_at ON dispatches (closed_at, id) WHERE state = 'CLOSED';
