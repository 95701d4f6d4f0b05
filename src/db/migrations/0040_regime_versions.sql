-- Duty and tax rule versions loaded at run time (the seed file's versions stay in seed/tax-rules.json).
-- A version is added with its whole JSON body; it is withdrawn (never deleted or edited) before it
-- starts. regime_generation counts changes: every process compares it with the generation it holds
-- and reloads the versions when it moved, so cluster workers pick up a load without a restart.
CREATE TABLE regime_versions (
  version text PRIMARY KEY,
  section text NOT NULL CHECK (section IN ('malaysia', 'eaeu', 'eu', 'usa', 'china', 'generic')),
  effective_from date NOT NULL,
  body json NOT NULL,
  loaded_by text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  withdrawn_by text,
  withdraw_reason text
);

-- Two live versions of a regime never start on the same day.
CREATE UNIQUE INDEX regime_versions_live_start ON regime_versions (section, effective_from) WHERE withdrawn_at IS NULL;

CREATE TABLE regime_generation (
  id int PRIMARY KEY CHECK (id = 1),
  generation bigint NOT NULL
);
INSERT INTO regime_generation (id, generation) VALUES (1, 0);
