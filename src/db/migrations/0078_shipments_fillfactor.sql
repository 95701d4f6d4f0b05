-- A parcel's status changes about six times on its way (bench:chain: 5.6 updates a parcel), and
-- none of the columns a change writes (status, previous_status, version, updated_at) is indexed, so
-- each could be a heap-only update: no new entry in the table's five indexes. Packed full by the
-- declaring COPY, a page had no room for the new row version, and half the changes were not
-- heap-only. Room left on each page (new pages only; existing ones keep theirs until rewritten)
-- lets the new version stay on its page, and pruning on the page reclaims the versions before it.
-- At 45 a page's worth of parcels moved by one bulk statement fits beside itself. bench:chain,
-- 100,000 parcels (2026-12-04 00:09-00:13 UTC, autovacuum off as on the shared server): heap-only
-- updates 52 % -> 89 %, the table 42,842 -> 33,016 pages at the end, fewer by the reuse.
ALTER TABLE shipments SET (fillfactor = 45);
