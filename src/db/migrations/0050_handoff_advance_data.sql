-- The carriers module keeps the advance data (CN 38-style delivery bill, ITMATT-style items) of a
-- dispatch it is handed: the hub gives it through the carriers' handoff port when the dispatch
-- closes. Carriers read it here, not back out of another module's outbox (whose partitions age out).
ALTER TABLE carrier_handoffs ADD COLUMN advance_data json;
UPDATE carrier_handoffs h SET advance_data = m.payload
  FROM outbox_messages m
 WHERE m.topic = 'dispatch.closed' AND m.aggregate_id = h.dispatch_id::text AND h.advance_data IS NULL;
