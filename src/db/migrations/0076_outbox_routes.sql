-- Whether any live webhook endpoint takes a message (its seller organisation or carrier, its topic in
-- the endpoint's event types: the fan-out's own match). The write paths ask it once per distinct
-- route of a batch and store a message nobody takes as already fanned out: it never enters the
-- pending index and the fan-out never rewrites it (before: one UPDATE per message, ~10 a parcel).
CREATE FUNCTION outbox_routed(p_topic text, p_seller uuid, p_carrier uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM webhook_endpoints e
     WHERE e.deleted_at IS NULL
       AND (e.organization_id = p_seller OR e.carrier_id = p_carrier)
       AND (p_topic = ANY(e.event_types) OR '*' = ANY(e.event_types)))
$$;
