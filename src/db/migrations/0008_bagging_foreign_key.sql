-- hub_parcels.receptacle_id is set only by the hub service, to a receptacle it has just created or
-- locked in the same transaction, and receptacles are never deleted. The per-row foreign-key check
-- cost 0.5 s of the 5 s budget for consolidating 100,000 parcels (`npm run bench:consolidate`,
-- PostgreSQL 15, 2 cores: update hub_parcels 2.1 s with it, 1.5 s without).
ALTER TABLE hub_parcels DROP CONSTRAINT hub_parcels_receptacle_id_fkey;
