import type { Queryable } from '../../db/database.js';
import { badInput, forbidden, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Principal } from '../auth/principal.js';
import type { Hub, ReferenceData } from '../reference/reference.service.js';

/** Which hub a caller acts in and sees: hub operators and officers their own, admins any. */
export class HubScope {
  constructor(private readonly reference: ReferenceData) {}

  /** The hub a caller acts in: an operator's own; the one an admin names (needed once the network has several). */
  hubFor(principal: Principal, hubCode?: string | null): Hub {
    // Codes as declarations take them: any case, surrounding blanks ignored.
    const code = hubCode?.trim().toUpperCase() || null;
    if (principal.role === 'ADMIN') return this.namedHub(code);
    return this.ownHub(principal, code);
  }

  /** A hub by code for callers not tied to one (admins, the system); the only hub when none is named and there is one. */
  namedHub(hubCode?: string | null): Hub {
    if (!hubCode) {
      if (this.reference.hubs.length === 1) return this.reference.hubs[0];
      throw badInput(`Name the hub (hubCode): this network has ${this.reference.hubs.length}, ${this.reference.hubs.map((h) => h.code).join(', ')}.`, { field: 'hubCode' });
    }
    const hub = this.reference.hubByCode(hubCode);
    if (!hub) throw badInput(`No hub with code ${hubCode}.`, { field: 'hubCode' });
    return hub;
  }

  private ownHub(principal: Principal, hubCode?: string | null): Hub {
    const hub = principal.hubId ? this.reference.hubById(principal.hubId) : undefined;
    if (!hub) throw forbidden('Your key belongs to no hub.');
    if (hubCode && hubCode !== hub.code) throw forbidden(`Your key belongs to hub ${hub.code}.`);
    return hub;
  }

  /** Hub filter for reads: an admin sees every hub, or the one named; others their own (naming another is FORBIDDEN). */
  scopeHubId(principal: Principal, hubCode?: string | null): string | undefined {
    if (principal.role === 'ADMIN' && !hubCode?.trim()) return undefined;
    return this.hubFor(principal, hubCode).id;
  }

  /** Another hub's row is answered as not found. */
  ensureHub(principal: Principal, hubId: string, what: string): void {
    if (principal.role !== 'ADMIN' && principal.hubId !== hubId) throw notFound(what);
  }

  /** A row of the caller's hub (any hub's for an admin), or null: another hub's rows are not there for the caller. */
  visible<T extends { hubId: string }>(principal: Principal, row: T | undefined): T | null {
    return row && (principal.role === 'ADMIN' || principal.hubId === row.hubId) ? row : null;
  }

  /** One hub row by id, or null when the id is malformed, unknown or another hub's. */
  async visibleById<T extends { hubId: string }>(db: Queryable, principal: Principal, id: string, find: (db: Queryable, ids: string[]) => Promise<T[]>): Promise<T | null> {
    if (!isUuid(id)) return null;
    const [row] = await find(db, [id]);
    return this.visible(principal, row);
  }

  /**
   * Whether the caller may see a receptacle or dispatch, and so print its documents: hub operators
   * and customs officers their hub's, carriers those handed to their own carrier, admins all, sellers none.
   */
  canSeeConsolidation(principal: Principal, row: { hubId: string; carrierId: string }): boolean {
    switch (principal.role) {
      case 'ADMIN':
        return true;
      case 'HUB_OPERATOR':
      case 'CUSTOMS_OFFICER':
        return principal.hubId !== null && principal.hubId === row.hubId;
      case 'CARRIER':
        return principal.carrierId !== null && principal.carrierId === row.carrierId;
      default:
        return false;
    }
  }
}
