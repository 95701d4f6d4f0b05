-- Shipments leave more of each page free than 0005's 80 %. A bulk call moves a page's parcels in one
-- statement (they were declared together), so every parcel on the page needs room for its new
-- version at once: at 80 % about two of them found it, the rest went to other pages as updates that
-- add an entry to each of the table's five indexes. At 45 % the page's parcels fit beside
-- themselves, and pruning reclaims their old versions before the next step. bench:chain, 100,000
-- parcels (2026-12-04 00:09-00:13 UTC, autovacuum off as on the shared server): heap-only updates
-- 52 % -> 89 %, the table 42,842 -> 33,016 pages at the end. New pages only; existing ones keep
-- theirs until rewritten.
ALTER TABLE shipments SET (fillfactor = 45);
