import { forbidden } from '../../platform/errors.js';
import type { Principal } from '../auth/principal.js';
import type * as repo from './customs.repository.js';

/** Which declarations a caller sees: an officer its hub's, a seller its own, an admin all. */
export function customsScope(principal: Principal): repo.Scope {
  switch (principal.role) {
    case 'CUSTOMS_OFFICER':
      if (!principal.hubId) throw forbidden('This officer key belongs to no hub.');
      return { hubId: principal.hubId };
    case 'ADMIN':
      return {};
    case 'SELLER':
      if (!principal.organizationId) throw forbidden();
      return { sellerOrgId: principal.organizationId };
    default:
      throw forbidden('Customs declarations are for customs officers, admins and the declaring seller.');
  }
}
