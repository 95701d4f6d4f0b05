import type { Queryable } from '../../db/database.js';
import type { LoadedVersion, RegimeSection } from '../../standards/tax/index.js';

export interface RegimeVersionRow {
  version: string;
  section: RegimeSection;
  effectiveFrom: string;
  body: LoadedVersion['version'];
  loadedBy: string;
  loadedAt: Date;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
}

const COLUMNS = `version, section, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", body, loaded_by AS "loadedBy", loaded_at AS "loadedAt",
  withdrawn_at AS "withdrawnAt", withdrawn_by AS "withdrawnBy", withdraw_reason AS "withdrawReason"`;

export async function generation(db: Queryable): Promise<number> {
  const [row] = await db.query<{ generation: number }>('SELECT generation FROM regime_generation WHERE id = 1');
  return row.generation;
}

/** Moves the generation on (inside the changing transaction), so every process reloads. */
export async function bumpGeneration(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ generation: number }>('UPDATE regime_generation SET generation = generation + 1 WHERE id = 1 RETURNING generation');
  return row.generation;
}

export async function allVersions(db: Queryable): Promise<RegimeVersionRow[]> {
  return db.query<RegimeVersionRow>(`SELECT ${COLUMNS} FROM regime_versions ORDER BY section, effective_from, loaded_at`);
}

/** The versions in force from now on, with the generation they belong to (one snapshot). */
export async function liveVersions(db: Queryable): Promise<{ generation: number; rows: RegimeVersionRow[] }> {
  const rows = await db.query<RegimeVersionRow & { generation: number }>(
    `SELECT ${COLUMNS}, (SELECT generation FROM regime_generation WHERE id = 1) AS generation
       FROM regime_versions WHERE withdrawn_at IS NULL ORDER BY section, effective_from`,
  );
  return { generation: rows[0]?.generation ?? (await generation(db)), rows };
}

export async function insertVersions(tx: Queryable, versions: readonly LoadedVersion[], loadedBy: string): Promise<void> {
  for (const { section, version } of versions) {
    await tx.query('INSERT INTO regime_versions (version, section, effective_from, body, loaded_by) VALUES ($1, $2, $3, $4, $5)', [
      version.version, section, version.effectiveFrom, JSON.stringify(version), loadedBy,
    ]);
  }
}

/** Withdraws a live version that has not started on `today`; undefined when there is none such. */
export async function withdrawVersion(tx: Queryable, version: string, today: string, by: string, reason: string | null, at: Date): Promise<RegimeVersionRow | undefined> {
  // Read back by a SELECT: a cluster allows no to_char() (a STABLE function) in RETURNING.
  const withdrawn = await tx.query(
    `UPDATE regime_versions SET withdrawn_at = $5, withdrawn_by = $3, withdraw_reason = $4
      WHERE version = $1 AND withdrawn_at IS NULL AND effective_from > $2::date
      RETURNING version`,
    [version, today, by, reason, at.toISOString()],
  );
  return withdrawn.length ? findVersion(tx, version) : undefined;
}

export async function findVersion(db: Queryable, version: string): Promise<RegimeVersionRow | undefined> {
  const [row] = await db.query<RegimeVersionRow>(`SELECT ${COLUMNS} FROM regime_versions WHERE version = $1`, [version]);
  return row;
}
