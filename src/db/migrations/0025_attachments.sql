-- Files a seller sends with a parcel (answers to customs document requests): PDF, PNG or JPEG,
-- at most 5 MiB each, kept in the database with the rest of the parcel's record.
CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES shipments (id),
  filename text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 5242880),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX attachments_by_shipment ON attachments (shipment_id, id);
