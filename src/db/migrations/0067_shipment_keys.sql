-- Uniqueness that still holds when shipments are sharded on their id (Citus: a distributed table's
-- unique keys must contain its distribution column). A seller's reference and a tracking number each
-- get a narrow key table of their own, which a cluster distributes on the key itself; the declare
-- path writes the keys first, so a reference used twice fails on its key's primary key, as it failed on
-- the shipments constraint before. On one server nothing else changes: the shipments columns keep
-- plain indexes for the look-ups and listings that read them.
CREATE TABLE shipment_seller_references (
  seller_reference text COLLATE "C" NOT NULL,
  seller_org_id uuid NOT NULL,
  shipment_id uuid NOT NULL,
  PRIMARY KEY (seller_reference, seller_org_id)
);

CREATE TABLE shipment_tracking_numbers (
  tracking_number char(13) COLLATE "C" PRIMARY KEY,
  shipment_id uuid NOT NULL
);

INSERT INTO shipment_seller_references (seller_reference, seller_org_id, shipment_id)
  SELECT seller_reference, seller_org_id, id FROM shipments;
INSERT INTO shipment_tracking_numbers (tracking_number, shipment_id)
  SELECT tracking_number, id FROM shipments;

ALTER TABLE shipments DROP CONSTRAINT shipments_seller_org_id_seller_reference_key;
ALTER TABLE shipments DROP CONSTRAINT shipments_tracking_number_key;
CREATE INDEX shipments_seller_reference ON shipments (seller_org_id, seller_reference);
CREATE INDEX shipments_tracking_number ON shipments (tracking_number);
