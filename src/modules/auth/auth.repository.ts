import type { Queryable } from '../../db/database.js';
import type { OrganizationKind, Principal, Role } from './principal.js';

export interface OrganizationRow {
  id: string;
  kind: OrganizationKind;
  name: string;
  countryCode: string;
  hubId: string | null;
  carrierId: string | null;
  createdAt: Date;
}

export interface ApiKeyRow {
  id: string;
  organizationId: string | null;
  role: Role;
  label: string;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const ORGANIZATION_COLUMNS = `id, kind, name, country_code AS "countryCode", hub_id AS "hubId", carrier_id AS "carrierId", created_at AS "createdAt"`;
const API_KEY_COLUMNS = `id, organization_id AS "organizationId", role, label, key_prefix AS "keyPrefix", created_at AS "createdAt", revoked_at AS "revokedAt"`;

export async function findPrincipalByKeyHash(db: Queryable, keyHash: string): Promise<Principal | undefined> {
  const rows = await db.query<Omit<Principal, 'kind'>>(
    `SELECT k.id AS "apiKeyId", k.role, k.label, k.organization_id AS "organizationId", o.kind AS "organizationKind",
            o.hub_id AS "hubId", o.carrier_id AS "carrierId"
       FROM api_keys k LEFT JOIN organizations o ON o.id = k.organization_id
      WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
    [keyHash],
  );
  return rows[0] ? { kind: 'api_key', ...rows[0] } : undefined;
}

export async function insertOrganization(
  tx: Queryable,
  org: { kind: OrganizationKind; name: string; countryCode: string; hubId: string | null; carrierId: string | null },
): Promise<OrganizationRow | undefined> {
  const rows = await tx.query<OrganizationRow>(
    `INSERT INTO organizations (kind, name, country_code, hub_id, carrier_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING ${ORGANIZATION_COLUMNS}`,
    [org.kind, org.name, org.countryCode, org.hubId, org.carrierId],
  );
  return rows[0];
}

export async function findOrganizationByName(db: Queryable, kind: OrganizationKind, name: string): Promise<OrganizationRow | undefined> {
  const rows = await db.query<OrganizationRow>(
    `SELECT ${ORGANIZATION_COLUMNS} FROM organizations WHERE kind = $1 AND lower(name) = lower($2)`,
    [kind, name],
  );
  return rows[0];
}

/** Sets a seller organisation's hub (null: the network's default); undefined when no seller has that id. */
export async function updateSellerHub(tx: Queryable, id: string, hubId: string | null): Promise<OrganizationRow | undefined> {
  const rows = await tx.query<OrganizationRow>(`UPDATE organizations SET hub_id = $2 WHERE id = $1 AND kind = 'SELLER' RETURNING ${ORGANIZATION_COLUMNS}`, [id, hubId]);
  return rows[0];
}

export async function organizationsByIds(db: Queryable, ids: readonly string[]): Promise<OrganizationRow[]> {
  return db.query<OrganizationRow>(`SELECT ${ORGANIZATION_COLUMNS} FROM organizations WHERE id = ANY($1::uuid[])`, [ids]);
}

export async function listOrganizations(db: Queryable): Promise<OrganizationRow[]> {
  return db.query<OrganizationRow>(`SELECT ${ORGANIZATION_COLUMNS} FROM organizations ORDER BY kind, name`);
}

export async function insertApiKey(
  tx: Queryable,
  key: { organizationId: string | null; role: Role; label: string; keyPrefix: string; keyHash: string },
): Promise<ApiKeyRow | undefined> {
  const rows = await tx.query<ApiKeyRow>(
    `INSERT INTO api_keys (organization_id, role, label, key_prefix, key_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key_hash) DO NOTHING RETURNING ${API_KEY_COLUMNS}`,
    [key.organizationId, key.role, key.label, key.keyPrefix, key.keyHash],
  );
  return rows[0];
}

/** Makes a configured key a live ADMIN key whatever happened to it before. */
export async function upsertAdminKey(tx: Queryable, key: { label: string; keyPrefix: string; keyHash: string }): Promise<ApiKeyRow> {
  const rows = await tx.query<ApiKeyRow>(
    `INSERT INTO api_keys (organization_id, role, label, key_prefix, key_hash) VALUES (NULL, 'ADMIN', $1, $2, $3)
     ON CONFLICT (key_hash) DO UPDATE SET role = 'ADMIN', organization_id = NULL, revoked_at = NULL
     RETURNING ${API_KEY_COLUMNS}`,
    [key.label, key.keyPrefix, key.keyHash],
  );
  return rows[0];
}

export async function findApiKey(db: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = $1`, [id]);
  return rows[0];
}

export async function revokeApiKey(tx: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await tx.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${API_KEY_COLUMNS}`,
    [id],
  );
  return rows[0];
}

/** How many of these key hashes belong to keys that are not revoked. */
export async function countActiveKeys(db: Queryable, keyHashes: string[]): Promise<number> {
  const rows = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM api_keys WHERE key_hash = ANY($1::text[]) AND revoked_at IS NULL`, [keyHashes]);
  return rows[0].count;
}
