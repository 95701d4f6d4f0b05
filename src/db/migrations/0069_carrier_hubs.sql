-- Several hubs: which hubs a carrier takes mail over from. A lane (origin office, destination office,
-- class, carrier) exists only where the carrier serves the hub; at each hub the first carrier by code
-- that lists a destination country carries mail to it. Seeded from seed/carriers.json (hubs).
CREATE TABLE carrier_hubs (
  carrier_id uuid NOT NULL REFERENCES carriers(id),
  hub_id uuid NOT NULL REFERENCES hubs(id),
  PRIMARY KEY (carrier_id, hub_id)
);
