-- A shipment's status changes several times in its life (customs, hub, carrier), and status is in no
-- index: leaving room on each page lets PostgreSQL update it in place (HOT) without touching the
-- five indexes. Applies to pages written from now on.
ALTER TABLE shipments SET (fillfactor = 80);
