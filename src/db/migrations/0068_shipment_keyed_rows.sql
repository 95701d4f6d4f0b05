-- Customs' per-parcel rows and attachments keyed with their shipment, so that a cluster can keep them on the parcel's
-- shard (Citus: a distributed table's unique keys must contain its distribution column, shipment_id).
-- Their ids stay uuids drawn by the application; plain indexes keep the look-ups by id. A duty
-- payment's reference, which makes recording a payment idempotent, gets a key table of its own, as
-- seller references and tracking numbers did in 0067.
ALTER TABLE document_requests DROP CONSTRAINT document_requests_pkey;
ALTER TABLE document_requests ADD PRIMARY KEY (shipment_id, id);
CREATE INDEX document_requests_id ON document_requests (id);

ALTER TABLE customs_inspections DROP CONSTRAINT customs_inspections_pkey;
ALTER TABLE customs_inspections ADD PRIMARY KEY (shipment_id, id);
CREATE INDEX customs_inspections_id ON customs_inspections (id);

ALTER TABLE attachments DROP CONSTRAINT attachments_pkey;
ALTER TABLE attachments ADD PRIMARY KEY (shipment_id, id);
DROP INDEX attachments_by_shipment;
CREATE INDEX attachments_id ON attachments (id);

CREATE TABLE duty_payment_references (
  payment_reference text COLLATE "C" PRIMARY KEY,
  shipment_id uuid NOT NULL
);
INSERT INTO duty_payment_references (payment_reference, shipment_id) SELECT payment_reference, shipment_id FROM duty_payments;
ALTER TABLE duty_payments DROP CONSTRAINT duty_payments_payment_reference_key;
ALTER TABLE duty_payments DROP CONSTRAINT duty_payments_pkey;
ALTER TABLE duty_payments ADD PRIMARY KEY (shipment_id, id);
CREATE INDEX duty_payments_reference ON duty_payments (payment_reference);
