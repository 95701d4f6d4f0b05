-- The status a shipment had before its last change, set by the status owner's UPDATE itself: the
-- statement returns it as the change's `from`. Reading it through a locking sub-select instead is
-- what a Citus cluster refuses (FOR UPDATE across shards); PostgreSQL 15's RETURNING has no OLD.
ALTER TABLE shipments ADD COLUMN previous_status text;
