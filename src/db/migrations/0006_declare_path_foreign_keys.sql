-- Foreign keys on the rows written when parcels are declared. Each is checked by a trigger per row —
-- an index probe and a row lock on the parent — about ten checks per declared parcel. Measured with
-- `npm run bench:declare` (30,000 parcels, PostgreSQL 15, 2 cores): 178 ms of PostgreSQL CPU per
-- 1,000 parcels with them, 140 ms without.
--
-- These rows are written only by the service that inserts (or has just locked) their shipment, in the
-- same transaction; shipments, organizations and hubs are never deleted. That code path keeps the
-- references whole; the foreign keys stay everywhere else (hub, carriers, documents, payments).
ALTER TABLE shipments DROP CONSTRAINT shipments_seller_org_id_fkey, DROP CONSTRAINT shipments_hub_id_fkey;
ALTER TABLE shipment_lines DROP CONSTRAINT shipment_lines_shipment_id_fkey;
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_shipment_id_fkey;
ALTER TABLE customs_declarations
  DROP CONSTRAINT customs_declarations_shipment_id_fkey,
  DROP CONSTRAINT customs_declarations_hub_id_fkey,
  DROP CONSTRAINT customs_declarations_seller_org_id_fkey;
ALTER TABLE customs_assessments DROP CONSTRAINT customs_assessments_shipment_id_fkey;
ALTER TABLE risk_hits DROP CONSTRAINT risk_hits_shipment_id_fkey;
