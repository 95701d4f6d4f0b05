-- A parcel customs rejected at the origin gets a return too (src/modules/returns, docs/returns.md):
-- sent back to the seller by customs' RETURN_TO_SENDER decision, or abandoned by the seller.
ALTER TABLE returns DROP CONSTRAINT returns_cause_check;
ALTER TABLE returns ADD CONSTRAINT returns_cause_check CHECK (cause IN ('CARRIER_RETURN', 'SELLER_RECALL', 'CUSTOMS_REJECTION'));
