-- Rows written per parcel or per carrier event no longer reference the one row of their carrier, hub
-- or bin by a foreign key. Each such check takes a key-share lock on that same parent row from every
-- concurrent writer (a multixact per row), which doubled the cost of inserting 1,000 rows at 4
-- writers (pgbench, 2 cores: 11.9 against 5.9 ms). bench:chain made six such checks a parcel. The
-- writers take these ids from the caller's own carrier and hub scope and from the bins they check
-- first (knownLocations); carriers, hubs and bins are reference data that nothing deletes. The keys
-- into shipments stay: each locks a different row.
ALTER TABLE carrier_events DROP CONSTRAINT carrier_events_carrier_id_fkey1;
ALTER TABLE carrier_event_keys DROP CONSTRAINT carrier_event_keys_carrier_id_fkey;
ALTER TABLE hub_parcels DROP CONSTRAINT hub_parcels_hub_id_fkey;
ALTER TABLE hub_parcels DROP CONSTRAINT hub_parcels_hub_id_location_code_fkey;
