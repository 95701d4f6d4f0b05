import { describe, expect, it } from '@jest/globals';
import type { Principal, Role } from './principal.js';
import { inParcelScope, parcelScope } from './visibility.js';

const key = (role: Role, over: Partial<Principal> = {}): Principal => ({
  kind: 'api_key', apiKeyId: 'k', role, label: role, organizationId: null, organizationKind: null, hubId: null, carrierId: null, ...over,
});
const parcel = { sellerOrgId: 'org-1', hubId: 'hub-1' };

describe('parcel visibility', () => {
  it('gives a seller its organisation, hub staff and officers their hub, admins everything', () => {
    expect(parcelScope(key('SELLER', { organizationId: 'org-1' }))).toEqual({ sellerOrgId: 'org-1' });
    expect(parcelScope(key('HUB_OPERATOR', { hubId: 'hub-1' }))).toEqual({ hubId: 'hub-1' });
    expect(parcelScope(key('CUSTOMS_OFFICER', { hubId: 'hub-2' }))).toEqual({ hubId: 'hub-2' });
    expect(parcelScope(key('ADMIN'))).toEqual({});
  });

  it('refuses carriers, roles not allowed, and keys without their organisation or hub, rather than showing all', () => {
    expect(() => parcelScope(key('CARRIER', { carrierId: 'c' }))).toThrow(/handoff queue/);
    expect(() => parcelScope(key('HUB_OPERATOR', { hubId: 'hub-1' }), ['SELLER', 'ADMIN'])).toThrow(/SELLER, ADMIN/);
    expect(() => parcelScope(key('SELLER'))).toThrow(/no organisation/);
    expect(() => parcelScope(key('CUSTOMS_OFFICER'))).toThrow(/no hub/);
  });

  it('tells whether a parcel is in a scope', () => {
    expect(inParcelScope({}, parcel)).toBe(true);
    expect(inParcelScope({ sellerOrgId: 'org-1' }, parcel)).toBe(true);
    expect(inParcelScope({ sellerOrgId: 'org-2' }, parcel)).toBe(false);
    expect(inParcelScope({ hubId: 'hub-1' }, parcel)).toBe(true);
    expect(inParcelScope({ hubId: 'hub-2' }, parcel)).toBe(false);
  });
});
