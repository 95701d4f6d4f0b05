-- The addressee window (0073: one row per parcel declared on a Citus cluster) joins the monthly
-- partitioned histories, so that rows no declaration can read any more leave by whole partitions
-- (src/modules/history: kept 12 months, which covers China's CBEC calendar year and the split-shipment
-- window) instead of growing with every parcel for ever. declared_at is in the primary key already.
-- As 0035 does: the old table for everything before next month (UTC), next month and two more, and
-- the DEFAULT partition. On a cluster this runs before scripts/citus/distribute.sql, which
-- distributes the partitioned table and its partitions on the addressee key.
ALTER TABLE customs_addressee_declarations RENAME TO customs_addressee_declarations_legacy;
ALTER TABLE customs_addressee_declarations_legacy RENAME CONSTRAINT customs_addressee_declarations_pkey TO customs_addressee_declarations_legacy_pkey;
CREATE TABLE customs_addressee_declarations (LIKE customs_addressee_declarations_legacy INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)
  PARTITION BY RANGE (declared_at);
ALTER TABLE customs_addressee_declarations ADD PRIMARY KEY (addressee_key, declared_at, shipment_id);

DO $$
DECLARE
  next_month timestamptz := (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
  EXECUTE format('ALTER TABLE customs_addressee_declarations ATTACH PARTITION customs_addressee_declarations_legacy FOR VALUES FROM (MINVALUE) TO (%L)', next_month);
  PERFORM silkgate_create_month_partitions('customs_addressee_declarations', next_month, next_month + interval '2 months');
  CREATE TABLE customs_addressee_declarations_default PARTITION OF customs_addressee_declarations DEFAULT;
END;
$$;
