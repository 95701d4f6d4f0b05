import { forbidden } from '../../platform/errors.js';
import type { Principal } from '../auth/principal.js';

/**
 * Who may read a dispatch's or consignment's EDI: its carrier, the operators of its hub, admins.
 * Anything else is answered as if it did not exist (NOT_FOUND), so ids do not leak between carriers.
 */
export function mayRead(principal: Principal, owner: { hubId: string; carrierId: string }): boolean {
  switch (principal.role) {
    case 'ADMIN':
      return true;
    case 'CARRIER':
      return principal.carrierId === owner.carrierId;
    case 'HUB_OPERATOR':
      return principal.hubId === owner.hubId;
    default:
      throw forbidden(`EDI documents are for carrier, hub operator and admin keys; your key has role ${principal.role}.`);
  }
}
