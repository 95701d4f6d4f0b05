import type { Database } from '../../db/database.js';
import { AppError, badInput, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { ReferenceData } from '../reference/reference.service.js';
import { readSeed } from '../reference/reference.seeder.js';
import { generateApiKey, hashApiKey, keyPrefix } from './api-key.js';
import * as repo from './auth.repository.js';
import { ROLE_ORGANIZATION_KIND, type Actor, type OrganizationKind, type Principal, type Role } from './principal.js';

export type AuthErrorCode = 'ORGANIZATION_EXISTS' | 'ROLE_NOT_ALLOWED_FOR_ORGANIZATION';

export interface CreateOrganizationInput {
  kind: OrganizationKind;
  name: string;
  countryCode: string;
  hubCode?: string | null;
  carrierCode?: string | null;
}

export interface CreateApiKeyInput {
  organizationId?: string | null;
  role: Role;
  label: string;
}

interface DemoSeed {
  organizations: { ref: string; kind: OrganizationKind; name: string; countryCode: string; hubCode?: string; carrierCode?: string }[];
  apiKeys: { organization: string | null; role: Role; label: string; key: string }[];
}

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
  ) {}

  async authenticate(key: string): Promise<Principal | undefined> {
    return repo.findPrincipalByKeyHash(this.db, hashApiKey(key));
  }

  listOrganizations(_admin: Principal): Promise<repo.OrganizationRow[]> {
    return repo.listOrganizations(this.db);
  }

  async apiKey(id: string): Promise<repo.ApiKeyRow | undefined> {
    return repo.findApiKey(this.db, id);
  }

  async createOrganization(actor: Actor, input: CreateOrganizationInput, requestId?: string): Promise<repo.OrganizationRow> {
    const name = input.name.trim();
    if (!name) throw badInput('An organisation needs a name.', { field: 'name' });
    if (!this.reference.countries.has(input.countryCode)) {
      throw badInput(`Unknown country code ${input.countryCode}.`, { field: 'countryCode' });
    }
    let hubId: string | null = null;
    let carrierId: string | null = null;
    if (input.kind === 'HUB' || input.kind === 'CUSTOMS') {
      const hub = input.hubCode ? this.reference.hubByCode(input.hubCode) : undefined;
      if (!hub) throw badInput(`A ${input.kind} organisation needs a known hubCode.`, { field: 'hubCode' });
      hubId = hub.id;
    }
    if (input.kind === 'SELLER' && input.hubCode) {
      const hub = this.reference.hubByCode(input.hubCode);
      if (!hub) throw badInput(`No hub with code ${input.hubCode}; the hubs query lists them.`, { field: 'hubCode' });
      hubId = hub.id;
    }
    if (input.kind === 'CARRIER') {
      const carrier = input.carrierCode ? this.reference.carrierByCode(input.carrierCode) : undefined;
      if (!carrier) throw badInput('A CARRIER organisation needs a known carrierCode.', { field: 'carrierCode' });
      carrierId = carrier.id;
    }
    return this.db.transaction(async (tx) => {
      const org = await repo.insertOrganization(tx, { kind: input.kind, name, countryCode: input.countryCode, hubId, carrierId });
      if (!org) throw new AppError<AuthErrorCode>('ORGANIZATION_EXISTS', `A ${input.kind} organisation named "${name}" exists already.`);
      await appendAudit(tx, [{ actor, action: 'organization.created', entityType: 'organization', entityId: org.id, after: org, requestId }]);
      return org;
    });
  }

  /** Where a seller declares from now on: its parcels already declared keep their hub. */
  async setSellerHub(actor: Actor, organizationId: string, hubCode: string | null | undefined, requestId?: string): Promise<repo.OrganizationRow> {
    if (!isUuid(organizationId)) throw notFound('Organisation');
    const code = hubCode?.trim().toUpperCase() || null;
    const hub = code ? this.reference.hubByCode(code) : undefined;
    if (code && !hub) throw badInput(`No hub with code ${code}; the hubs query lists them.`, { field: 'hubCode' });
    return this.db.transaction(async (tx) => {
      const [before] = await repo.organizationsByIds(tx, [organizationId]);
      if (!before) throw notFound('Organisation');
      if (before.kind !== 'SELLER') {
        throw badInput(`Only a seller's hub can be changed: a ${before.kind} organisation works at its own.`, { field: 'organizationId' });
      }
      const after = (await repo.updateSellerHub(tx, organizationId, hub?.id ?? null))!;
      if (before.hubId !== after.hubId) {
        await appendAudit(tx, [{ actor, action: 'organization.hub_changed', entityType: 'organization', entityId: organizationId, before: { hubId: before.hubId }, after: { hubId: after.hubId }, requestId }]);
      }
      return after;
    });
  }

  async createApiKey(actor: Actor, input: CreateApiKeyInput, requestId?: string): Promise<{ apiKey: repo.ApiKeyRow; secret: string }> {
    const label = input.label.trim();
    if (!label) throw badInput('An API key needs a label saying who or what uses it.', { field: 'label' });
    const expectedKind = ROLE_ORGANIZATION_KIND[input.role];
    let organizationId: string | null = null;
    if (expectedKind) {
      if (!input.organizationId || !isUuid(input.organizationId)) throw badInput(`A ${input.role} key needs an organizationId.`, { field: 'organizationId' });
      const [org] = await repo.organizationsByIds(this.db, [input.organizationId]);
      if (!org) throw notFound('Organisation');
      if (org.kind !== expectedKind) {
        throw new AppError<AuthErrorCode>(
          'ROLE_NOT_ALLOWED_FOR_ORGANIZATION',
          `A ${input.role} key belongs to a ${expectedKind} organisation; this one is ${org.kind}.`,
        );
      }
      organizationId = org.id;
    } else if (input.organizationId) {
      throw badInput('ADMIN keys belong to no organisation.', { field: 'organizationId' });
    }
    const secret = generateApiKey();
    return this.db.transaction(async (tx) => {
      const apiKey = await repo.insertApiKey(tx, { organizationId, role: input.role, label, keyPrefix: keyPrefix(secret), keyHash: hashApiKey(secret) });
      if (!apiKey) throw new Error('API key collision');
      await appendAudit(tx, [{ actor, action: 'api_key.created', entityType: 'api_key', entityId: apiKey.id, after: apiKey, requestId }]);
      return { apiKey, secret };
    });
  }

  async revokeApiKey(actor: Actor, id: string, requestId?: string): Promise<repo.ApiKeyRow> {
    if (!isUuid(id)) throw notFound('API key');
    return this.db.transaction(async (tx) => {
      const before = await repo.findApiKey(tx, id);
      if (!before) throw notFound('API key');
      const after = await repo.revokeApiKey(tx, id);
      if (!after) return before; // already revoked: revoking again changes nothing
      await appendAudit(tx, [{ actor, action: 'api_key.revoked', entityType: 'api_key', entityId: id, before, after, requestId }]);
      return after;
    });
  }

  /** SILKGATE_ADMIN_KEY: idempotent, and revives the key if it had been revoked. */
  async ensureAdminKey(key: string): Promise<void> {
    await this.db.transaction((tx) => repo.upsertAdminKey(tx, { label: 'SILKGATE_ADMIN_KEY', keyPrefix: keyPrefix(key), keyHash: hashApiKey(key) }));
  }

  /** The published demo keys (seed/demo.json) that still work on this database. */
  async activeDemoKeys(): Promise<number> {
    const demo = await readSeed<DemoSeed>('demo.json');
    return repo.countActiveKeys(this.db, demo.apiKeys.map((k) => hashApiKey(k.key)));
  }

  /** Demo organisations and their fixed keys from seed/demo.json; returns the keys to print. */
  async seedDemo(): Promise<DemoSeed['apiKeys']> {
    const demo = await readSeed<DemoSeed>('demo.json');
    await this.db.transaction(async (tx) => {
      const ids = new Map<string, string>();
      for (const org of demo.organizations) {
        const hubId = org.hubCode ? (this.reference.hubByCode(org.hubCode)?.id ?? null) : null;
        const carrierId = org.carrierCode ? (this.reference.carrierByCode(org.carrierCode)?.id ?? null) : null;
        const row =
          (await repo.insertOrganization(tx, { kind: org.kind, name: org.name, countryCode: org.countryCode, hubId, carrierId })) ??
          (await repo.findOrganizationByName(tx, org.kind, org.name));
        if (!row) throw new Error(`demo organisation ${org.name} could not be created`);
        ids.set(org.ref, row.id);
      }
      for (const key of demo.apiKeys) {
        await repo.insertApiKey(tx, {
          organizationId: key.organization ? (ids.get(key.organization) ?? null) : null,
          role: key.role,
          label: key.label,
          keyPrefix: keyPrefix(key.key),
          keyHash: hashApiKey(key.key),
        });
      }
    });
    return demo.apiKeys;
  }
}
