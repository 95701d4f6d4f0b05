-- The addressee window read at declaration (split shipments, China's CBEC year), keyed for a Citus
-- cluster. customs_declarations is distributed on the shipment id, so its addressee index sits on
-- every shard and each declare batch read all of them. This table holds one row per declared parcel
-- and scripts/citus/distribute.sql distributes it on the addressee key, so a batch reads only the
-- shards of its own addressees. Only a cluster writes it: one server keeps reading the declarations'
-- index (customs_declarations_addressee), with no extra COPY per batch.
CREATE TABLE customs_addressee_declarations (
  addressee_key text COLLATE "C" NOT NULL,
  declared_at timestamptz NOT NULL,
  shipment_id uuid NOT NULL,
  value_sdr_minor bigint NOT NULL,
  cbec_value_minor bigint NOT NULL,
  PRIMARY KEY (addressee_key, declared_at, shipment_id)
);
