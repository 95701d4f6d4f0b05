-- Uniqueness that still holds when shipments are sharded on their id (Citus: a distributed table's
-- unique keys must contain its distribution column). A seller's reference and a tracking number each
-- get a narrow key table of their own, which a cluster distributes on the key itself; the declare
-- path writes the keys first, so a reference used twice fails on its key's primary key.
-- On one server the shipments constraints stay as well: they cost one index each, which the look-ups
-- by number need anyway, and they tell the planner that a number matches one parcel. Without them a
-- server that has not analysed the table estimated thousands of rows for a tracking number and read
-- every tracking event for one look-up (813 ms at 2 M parcels). scripts/citus/distribute.sql drops
-- them on a cluster, where the key tables hold.
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
