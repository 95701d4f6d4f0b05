-- Indexes on the declare path, shaped so a bulk declaration appends at their right edge.
--
-- The seller and hub listings were indexed (…, declared_at DESC, id DESC). New parcels always sort
-- first in such an index, and PostgreSQL splits its leftmost page half and half, so the indexes grew
-- to twice their size with a split every few dozen parcels. Ascending, they grow at the right edge,
-- where pages are filled before they split; the newest-first listings scan them backwards.
DROP INDEX shipments_seller_declared;
CREATE INDEX shipments_seller_declared ON shipments (seller_org_id, declared_at, id);
DROP INDEX shipments_hub_declared;
CREATE INDEX shipments_hub_declared ON shipments (hub_id, declared_at, id);

-- Append-only histories are only ever read per entity. Keyed (entity, id), one index serves those
-- reads and uniqueness both; a separate id key was a second index entry for every row written.
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_pkey, ADD PRIMARY KEY (shipment_id, id);
DROP INDEX tracking_events_shipment;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey, ADD PRIMARY KEY (entity_id, id);
DROP INDEX audit_log_entity;
ALTER TABLE customs_assessments DROP CONSTRAINT customs_assessments_pkey, ADD PRIMARY KEY (shipment_id, id);
DROP INDEX customs_assessments_shipment;
ALTER TABLE risk_hits DROP CONSTRAINT risk_hits_pkey, ADD PRIMARY KEY (shipment_id, run, id);
DROP INDEX risk_hits_shipment;
