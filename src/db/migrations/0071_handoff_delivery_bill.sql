-- A handoff's delivery bill on its own (a few hundred bytes a bag): a carrier claiming or listing
-- handoffs reads the bags from it, not from the advance data, whose items run to tens of MB for a
-- dispatch of 60,000 parcels (bench:chain read 95 MB of them to answer a claim's receptacle numbers).
ALTER TABLE carrier_handoffs ADD COLUMN delivery_bill json;
UPDATE carrier_handoffs SET delivery_bill = advance_data -> 'deliveryBill' WHERE advance_data IS NOT NULL;
