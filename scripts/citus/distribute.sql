-- Distributes a migrated Silkgate database over a Citus cluster (docs/scale-out.md, "Sharding on
-- Citus"). Run once on the coordinator, after `npm run migrate`, with the workers added:
--   psql "$COORDINATOR_URL" -v ON_ERROR_STOP=1 -f scripts/citus/distribute.sql
-- It only calls Citus's functions and moves foreign keys; the tables keep their single-server shape,
-- so the same migrations serve one server and a cluster.
\set ON_ERROR_STOP on
BEGIN;

-- The append-only trigger of the audit log runs on each shard (it only refuses UPDATE and DELETE).
SET LOCAL citus.enable_unsafe_triggers = on;
SELECT format('ALTER DATABASE %I SET citus.enable_unsafe_triggers = on', current_database()) \gexec
-- A transaction that touched many shards over parallel connections could not then write the
-- coordinator's tables (dispatches, receptacles, outbox); one connection per node lets it.
SELECT format('ALTER DATABASE %I SET citus.multi_shard_modify_mode = sequential', current_database()) \gexec

-- A parcel and everything written per parcel live on one shard: distributed on the shipment id.
CREATE TEMP TABLE parcel_tables (name regclass PRIMARY KEY) ON COMMIT DROP;
INSERT INTO parcel_tables VALUES
  ('shipment_lines'), ('customs_declarations'), ('customs_assessments'), ('risk_hits'), ('tracking_events'),
  ('hub_parcels'), ('hub_dwell_alerts'), ('returns'), ('attachments'), ('document_requests'),
  ('customs_inspections'), ('duty_payments');

-- Foreign keys are set aside while tables change kind, and those a cluster can hold are put back:
-- between colocated shards on the shipment id, and into reference tables. Two cannot be held, from
-- tables that are not on a parcel's shard into shipments (hub exceptions, carrier events); shipments
-- are never deleted, and both rows take the shipment id from a read in the writing transaction.
CREATE TEMP TABLE set_aside ON COMMIT DROP AS
  SELECT c.conrelid::regclass AS owner, c.conname, pg_get_constraintdef(c.oid) AS definition,
         c.conrelid IN (SELECT name FROM parcel_tables) AS kept
    FROM pg_constraint c
   WHERE c.contype = 'f' AND c.conparentid = 0
     AND (c.conrelid IN (SELECT name FROM parcel_tables) OR c.confrelid = 'shipments'::regclass);
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', owner, conname) FROM set_aside \gexec

-- Uniqueness a sharded shipments table cannot hold itself: the key tables of migration 0067 hold it
-- on a cluster (the declare path writes them first), and plain indexes keep the look-ups.
ALTER TABLE shipments DROP CONSTRAINT shipments_seller_org_id_seller_reference_key;
ALTER TABLE shipments DROP CONSTRAINT shipments_tracking_number_key;
CREATE INDEX shipments_seller_reference ON shipments (seller_org_id, seller_reference);
CREATE INDEX shipments_tracking_number ON shipments (tracking_number);

-- Lookup data: small, read by every shard, copied to every node.
SELECT create_reference_table(t) FROM unnest(ARRAY[
  'countries', 'currencies', 'exchange_rates', 'hs_chapters', 'hs_headings', 'hs_subheadings',
  'hubs', 'hub_locations', 's10_series', 'carriers', 'carrier_hubs', 'organizations', 'api_keys',
  'regime_versions', 'regime_generation'
]) AS t;

-- The addressee window (migration 0073) starts from the declarations already written, while both are local.
INSERT INTO customs_addressee_declarations (addressee_key, declared_at, shipment_id, value_sdr_minor, cbec_value_minor)
  SELECT addressee_key, declared_at, shipment_id, value_sdr_minor, cbec_value_minor FROM customs_declarations;

SELECT create_distributed_table('shipments', 'id', shard_count => 32);
SELECT create_distributed_table(name, 'shipment_id', colocate_with => 'shipments') FROM parcel_tables;

-- Keys that must stay unique across shards, each distributed on itself (migrations 0067, 0068).
SELECT create_distributed_table('shipment_tracking_numbers', 'tracking_number', shard_count => 32);
SELECT create_distributed_table('shipment_seller_references', 'seller_reference', shard_count => 32);
SELECT create_distributed_table('duty_payment_references', 'payment_reference', colocate_with => 'shipment_seller_references');

-- The addressee window read at declaration, on the addressee key (migration 0073): a declare batch
-- reads only its addressees' shards (filled above).
SELECT create_distributed_table('customs_addressee_declarations', 'addressee_key', colocate_with => 'shipment_seller_references');

-- The audit trail, on the audited entity's id.
SELECT create_distributed_table('audit_log', 'entity_id', colocate_with => 'shipment_seller_references');

SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', owner, conname, definition) FROM set_aside WHERE kept \gexec

COMMIT;

-- A database distributed after rows were written keeps their old local copies on the coordinator.
SELECT truncate_local_data_after_distributing_table(logicalrelid) FROM pg_dist_partition WHERE partmethod = 'h';
