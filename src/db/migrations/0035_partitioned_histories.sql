-- The append-only histories that grow with every parcel become tables partitioned by month
-- (declarative range partitioning on the time each row was written), so old months can be detached
-- and exported whole instead of deleted row by row, and indexes stay the size of a month:
--
--   tracking_events            recorded_at     outbox_messages  created_at
--   audit_log                  occurred_at     webhook_delivery_attempts  attempted_at
--
-- A plain conversion: each table as it stands (whatever columns it has by now) is renamed <table>_legacy
-- and attached, in place and without copying, as the partition of everything written before next month.
-- From then on `<table>_yYYYYmMM` partitions take the rows; the history-partitions job creates them
-- months ahead (src/modules/history/), and a DEFAULT partition catches a row whose month has none, so a
-- write never fails for a missing partition. docs/scale-out.md gives the retention policy.
--
-- A unique key on a partitioned table must contain the partition column: the keys gain it as their last
-- column (the legacy partition's old key is dropped and the new one built on it). Ids still come from one sequence per table, so they stay unique on their own.
--
-- carrier_events is not converted: its idempotency key (carrier_id, event_id) must stay unique across all
-- time, which a partitioned table cannot enforce without the partition column (see docs/scale-out.md).

-- Creates the monthly partitions of `parent` (partitioned on a timestamptz) for every month from the
-- one holding `first_day` through the one holding `last_day`, UTC month bounds, except months another
-- partition already covers; returns how many it made. A DEFAULT partition holding rows of a month
-- makes that month fail (check_violation): the job reports it.
CREATE FUNCTION silkgate_create_month_partitions(parent text, first_day timestamptz, last_day timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  month timestamp := date_trunc('month', first_day AT TIME ZONE 'UTC');
  made integer := 0;
  name text;
BEGIN
  WHILE month <= last_day AT TIME ZONE 'UTC' LOOP
    name := parent || to_char(month, '"_y"YYYY"m"MM');
    IF to_regclass(name) IS NULL THEN
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, parent,
          month AT TIME ZONE 'UTC', (month + interval '1 month') AT TIME ZONE 'UTC');
        made := made + 1;
      EXCEPTION WHEN invalid_object_definition THEN
        -- Already covered by another partition (the legacy one covers the month of the migration).
        NULL;
      END;
    END IF;
    month := month + interval '1 month';
  END LOOP;
  RETURN made;
END;
$$;

-- Attaches <parent>_legacy for everything before next month (UTC), then next month and two more, and
-- the DEFAULT partition.
CREATE FUNCTION pg_temp.partition_history(parent text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  next_month timestamptz := (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)', parent, parent || '_legacy', next_month);
  PERFORM silkgate_create_month_partitions(parent, next_month, next_month + interval '2 months');
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', parent || '_default', parent);
END;
$$;

-- Tracking events, keyed (shipment_id, id) and read per shipment.
ALTER TABLE tracking_events RENAME TO tracking_events_legacy;
ALTER TABLE tracking_events_legacy DROP CONSTRAINT tracking_events_pkey;
CREATE TABLE tracking_events (LIKE tracking_events_legacy INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (recorded_at);
ALTER SEQUENCE tracking_events_id_seq OWNED BY tracking_events.id;
ALTER TABLE tracking_events ADD PRIMARY KEY (shipment_id, id, recorded_at);
SELECT pg_temp.partition_history('tracking_events');

-- The audit log, keyed (entity_id, id) and append-only: the trigger on the parent is cloned onto every
-- partition, present and future.
ALTER TABLE audit_log RENAME TO audit_log_legacy;
ALTER TABLE audit_log_legacy DROP CONSTRAINT audit_log_pkey;
DROP TRIGGER audit_log_append_only ON audit_log_legacy;
CREATE TABLE audit_log (LIKE audit_log_legacy INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (occurred_at);
ALTER SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
ALTER TABLE audit_log ADD PRIMARY KEY (entity_id, id, occurred_at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
SELECT pg_temp.partition_history('audit_log');

-- The outbox: a delivery names its message by seq alone, so the foreign key into it goes (a key
-- referenced by a foreign key would have to hold created_at too); the webhooks module writes a
-- delivery only for a message it has just read.
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_message_seq_fkey;
ALTER TABLE outbox_messages RENAME TO outbox_messages_legacy;
ALTER TABLE outbox_messages_legacy DROP CONSTRAINT outbox_messages_pkey;
ALTER INDEX outbox_messages_dispatch_closed RENAME TO outbox_messages_legacy_dispatch_closed;
ALTER INDEX outbox_messages_pending_fanout RENAME TO outbox_messages_legacy_pending_fanout;
CREATE TABLE outbox_messages (LIKE outbox_messages_legacy INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (created_at);
ALTER SEQUENCE outbox_messages_seq_seq OWNED BY outbox_messages.seq;
ALTER TABLE outbox_messages ADD PRIMARY KEY (seq, created_at);
CREATE INDEX outbox_messages_dispatch_closed ON outbox_messages (aggregate_id) WHERE topic = 'dispatch.closed';
CREATE INDEX outbox_messages_pending_fanout ON outbox_messages (seq) WHERE fanned_out_at IS NULL;
SELECT pg_temp.partition_history('outbox_messages');

-- Webhook delivery attempts, read per delivery.
ALTER TABLE webhook_delivery_attempts RENAME TO webhook_delivery_attempts_legacy;
ALTER TABLE webhook_delivery_attempts_legacy DROP CONSTRAINT webhook_delivery_attempts_pkey;
ALTER TABLE webhook_delivery_attempts_legacy DROP CONSTRAINT webhook_delivery_attempts_delivery_id_fkey;
ALTER INDEX webhook_delivery_attempts_delivery RENAME TO webhook_delivery_attempts_legacy_delivery;
CREATE TABLE webhook_delivery_attempts (LIKE webhook_delivery_attempts_legacy INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (attempted_at);
ALTER SEQUENCE webhook_delivery_attempts_id_seq OWNED BY webhook_delivery_attempts.id;
ALTER TABLE webhook_delivery_attempts ADD PRIMARY KEY (id, attempted_at);
ALTER TABLE webhook_delivery_attempts ADD FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id);
CREATE INDEX webhook_delivery_attempts_delivery ON webhook_delivery_attempts (delivery_id, id);
SELECT pg_temp.partition_history('webhook_delivery_attempts');
