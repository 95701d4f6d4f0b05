import { forbidden, unauthenticated } from '../../platform/errors.js';
import type { Principal, Role } from './principal.js';

/** Returns the principal when it holds one of the roles; throws UNAUTHENTICATED or FORBIDDEN otherwise. */
export function requireRole(principal: Principal | null, ...roles: Role[]): Principal {
  if (!principal) throw unauthenticated();
  if (!roles.includes(principal.role)) {
    throw forbidden(`This needs one of the roles ${roles.join(', ')}; your key has role ${principal.role}.`);
  }
  return principal;
}
