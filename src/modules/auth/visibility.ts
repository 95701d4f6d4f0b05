import { forbidden } from '../../platform/errors.js';
import type { Principal, Role } from './principal.js';

/** The parcels a caller sees: a filter by seller organisation or by hub; empty for admins (all). */
export interface ParcelScope {
  sellerOrgId?: string;
  hubId?: string;
}

/**
 * The one visibility policy for parcels and what hangs off them (customs declarations, audit
 * trails, returns, documents): a seller sees its own organisation's, hub operators and customs
 * officers their hub's, admins all. Carriers see parcels only through their handoff queue and
 * events. A key of a role but without its organisation or hub sees nothing (FORBIDDEN), never all.
 */
export function parcelScope(principal: Principal, allowed: readonly Role[] = ['SELLER', 'HUB_OPERATOR', 'CUSTOMS_OFFICER', 'ADMIN']): ParcelScope {
  if (principal.role === 'CARRIER') throw forbidden('Carriers see parcels through their handoff queue.');
  if (!allowed.includes(principal.role)) throw forbidden(`This is for ${allowed.join(', ')} keys; your key has role ${principal.role}.`);
  switch (principal.role) {
    case 'ADMIN':
      return {};
    case 'SELLER':
      if (!principal.organizationId) throw forbidden('This seller key belongs to no organisation.');
      return { sellerOrgId: principal.organizationId };
    case 'HUB_OPERATOR':
    case 'CUSTOMS_OFFICER':
      if (!principal.hubId) throw forbidden('This key belongs to no hub.');
      return { hubId: principal.hubId };
  }
}

/** Whether a parcel is inside the caller's scope (callers answer NOT_FOUND when it is not, so ids do not leak). */
export function inParcelScope(scope: ParcelScope, parcel: { sellerOrgId: string; hubId: string }): boolean {
  return (!scope.sellerOrgId || scope.sellerOrgId === parcel.sellerOrgId) && (!scope.hubId || scope.hubId === parcel.hubId);
}
