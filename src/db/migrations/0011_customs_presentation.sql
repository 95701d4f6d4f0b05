-- When the parcel was physically presented to customs (received at the hub). Before that customs
-- decides on the electronic declaration alone and the public timeline shows no customs event: EXA
-- (or EDB for imports) and the event of the state customs had reached are written at presentation.
ALTER TABLE customs_declarations ADD COLUMN presented_at timestamptz;
