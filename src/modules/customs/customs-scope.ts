import { parcelScope } from '../auth/visibility.js';
import type { Principal } from '../auth/principal.js';
import type * as repo from './customs.repository.js';

/** Which declarations a caller sees (the parcel visibility policy): an officer its hub's, a seller its own, an admin all. */
export function customsScope(principal: Principal): repo.Scope {
  return parcelScope(principal, ['CUSTOMS_OFFICER', 'SELLER', 'ADMIN']);
}
