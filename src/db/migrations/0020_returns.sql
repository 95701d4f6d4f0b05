-- Return to sender (src/modules/returns, docs/returns.md): one return per parcel, why it started,
-- how it travels back (the carrier's returned-items dispatch, mail subclass CB) and where it stands.
CREATE TABLE returns (
  shipment_id uuid PRIMARY KEY REFERENCES shipments(id),
  -- CARRIER_RETURN (undeliverable at destination) or SELLER_RECALL (before dispatch).
  cause text NOT NULL CHECK (cause IN ('CARRIER_RETURN', 'SELLER_RECALL')),
  -- For a carrier return: FAILED_ATTEMPTS, REFUSED or ADDRESSEE_UNKNOWN.
  reason text,
  carrier_id uuid REFERENCES carriers(id),
  -- S8 id of the carrier's returned-items dispatch (subclass CB) the parcel travels back in.
  return_dispatch text,
  -- The origin regime wants returned goods declared for re-import (seed/return-rules.json), decided at start.
  reimport_required boolean NOT NULL DEFAULT false,
  reimport_released_at timestamptz,
  started_at timestamptz NOT NULL,
  received_at timestamptz,
  closed_at timestamptz,
  -- RETURNED (handed to the seller) or ABANDONED (the seller gave it up on its way back).
  outcome text CHECK (outcome IN ('RETURNED', 'ABANDONED'))
);
