export type Role = 'SELLER' | 'CUSTOMS_OFFICER' | 'HUB_OPERATOR' | 'CARRIER' | 'ADMIN';
export type OrganizationKind = 'SELLER' | 'CARRIER' | 'CUSTOMS' | 'HUB';

/** The caller behind an API key. */
export interface Principal {
  kind: 'api_key';
  apiKeyId: string;
  role: Role;
  label: string;
  organizationId: string | null;
  organizationKind: OrganizationKind | null;
  hubId: string | null;
  carrierId: string | null;
}

/** Scheduled jobs act under a stable name such as `system:green-channel`. */
export interface SystemActor {
  kind: 'system';
  name: `system:${string}`;
}

export type Actor = Principal | SystemActor;

/** The organisation kind each role's keys belong to; ADMIN keys belong to none. */
export const ROLE_ORGANIZATION_KIND: Record<Role, OrganizationKind | null> = {
  SELLER: 'SELLER',
  CUSTOMS_OFFICER: 'CUSTOMS',
  HUB_OPERATOR: 'HUB',
  CARRIER: 'CARRIER',
  ADMIN: null,
};

export function actorId(actor: Actor): string {
  return actor.kind === 'system' ? actor.name : actor.apiKeyId;
}
