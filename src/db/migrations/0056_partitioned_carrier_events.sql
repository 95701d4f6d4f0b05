-- Carrier events join the monthly partitioned histories (0035), partitioned on recorded_at. Their
-- idempotency key (carrier_id, event_id) must stay unique across all time, which a partitioned table
-- cannot enforce without the partition column: a narrow, unpartitioned ledger carrier_event_keys holds
-- it, and the carriers module's insert claims a key there first and stores the event only for a key it
-- claimed, in one statement (src/modules/carriers/carrier-events.repository.ts). The ledger is kept
-- whole when old event partitions are detached, so a repeat of an old event id is still recognised.

CREATE TABLE carrier_event_keys (
  carrier_id uuid NOT NULL REFERENCES carriers(id),
  event_id text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (carrier_id, event_id)
);
INSERT INTO carrier_event_keys (carrier_id, event_id, recorded_at) SELECT carrier_id, event_id, recorded_at FROM carrier_events;

ALTER TABLE carrier_events RENAME TO carrier_events_legacy;
ALTER TABLE carrier_events_legacy DROP CONSTRAINT carrier_events_pkey;
ALTER TABLE carrier_events_legacy DROP CONSTRAINT carrier_events_carrier_id_event_id_key;
ALTER INDEX carrier_events_shipment RENAME TO carrier_events_legacy_shipment;
CREATE TABLE carrier_events (LIKE carrier_events_legacy INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (recorded_at);
ALTER SEQUENCE carrier_events_id_seq OWNED BY carrier_events.id;
ALTER TABLE carrier_events ADD PRIMARY KEY (id, recorded_at);
ALTER TABLE carrier_events ADD FOREIGN KEY (carrier_id) REFERENCES carriers (id);
ALTER TABLE carrier_events ADD FOREIGN KEY (shipment_id) REFERENCES shipments (id);
CREATE INDEX carrier_events_shipment ON carrier_events (shipment_id, occurred_at);

-- As 0035 does for the other histories: the legacy table for everything before next month (UTC), then
-- next month and two more, and the DEFAULT partition.
DO $$
DECLARE
  next_month timestamptz := (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
  EXECUTE format('ALTER TABLE carrier_events ATTACH PARTITION carrier_events_legacy FOR VALUES FROM (MINVALUE) TO (%L)', next_month);
  PERFORM silkgate_create_month_partitions('carrier_events', next_month, next_month + interval '2 months');
  CREATE TABLE carrier_events_default PARTITION OF carrier_events DEFAULT;
END;
$$;
