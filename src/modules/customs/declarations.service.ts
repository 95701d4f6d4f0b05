import type { Database } from '../../db/database.js';
import { isUuid } from '../../platform/ids.js';
import { decodeCursor, encodeCursor, pageOf, pageSize } from '../../platform/pagination.js';
import { auditTrail, type AuditRecord } from '../audit/audit.repository.js';
import type { Principal } from '../auth/principal.js';
import { findShipments } from '../shipments/shipments.repository.js';
import { parcelScope } from '../auth/visibility.js';
import { customsScope } from './customs-scope.js';
import * as repo from './customs.repository.js';
import type { CustomsState } from './customs.state-machine.js';
import { WAITING_STATES, type DeclarationRow } from './customs.types.js';

const DEFAULT_QUEUE_STATES: CustomsState[] = ['UNDER_REVIEW', 'HELD_FOR_INSPECTION'];

/** Reads of declarations: the officers' queue, one declaration, its audit trail, the dashboard's lanes, batched field reads. */
export class CustomsDeclarations {
  constructor(private readonly db: Database) {}

  async queue(principal: Principal, filter: { states?: readonly CustomsState[] | null; lanes?: readonly string[] | null; escalatedOnly?: boolean | null; destinationCountry?: string | null }, first: number, after?: string | null) {
    pageSize(first);
    const rows = await repo.queue(
      this.db,
      customsScope(principal),
      {
        states: filter.states?.length ? filter.states : DEFAULT_QUEUE_STATES,
        lanes: filter.lanes ?? undefined,
        escalatedOnly: filter.escalatedOnly ?? false,
        destinationCountry: filter.destinationCountry?.toUpperCase() ?? undefined,
      },
      first,
      after ? decodeQueueCursor(after) : undefined,
    );
    return pageOf(rows, first);
  }

  /**
   * Declarations still waiting for customs — green ones for the green channel, amber and red ones
   * for an officer — per lane, RED first, for one hub (null: all hubs). Read by the operations
   * dashboard; the caller has checked the role and scope.
   */
  waitingByLane(hubId: string | null): Promise<repo.LaneQueueRow[]> {
    return repo.countByLane(this.db, hubId, WAITING_STATES);
  }

  async get(principal: Principal, shipmentId: string): Promise<DeclarationRow | null> {
    if (!isUuid(shipmentId)) return null;
    return (await repo.findDeclarations(this.db, customsScope(principal), [shipmentId]))[0] ?? null;
  }

  async auditTrail(principal: Principal, entityId: string): Promise<AuditRecord[]> {
    // Officers see the trail of their hub's parcels, sellers of their own, admins any entity's.
    const scope = parcelScope(principal);
    if (scope.sellerOrgId || scope.hubId) {
      if (!isUuid(entityId)) return [];
      if (!(await findShipments(this.db, scope, { ids: [entityId] })).length) return [];
    }
    return auditTrail(this.db, entityId);
  }

  declarationsFor(ids: readonly string[]) {
    return repo.findDeclarations(this.db, {}, ids);
  }
  assessmentsFor(ids: readonly string[]) {
    return repo.latestAssessments(this.db, ids);
  }
  riskHitsFor(ids: readonly string[]) {
    return repo.latestRiskHits(this.db, ids);
  }
  documentRequestsFor(ids: readonly string[]) {
    return repo.documentRequests(this.db, ids);
  }
  paymentsFor(ids: readonly string[]) {
    return repo.payments(this.db, ids);
  }
  inspectionsFor(ids: readonly string[]) {
    return repo.inspections(this.db, ids);
  }
}

export function encodeQueueCursor(row: DeclarationRow & { laneRank: number }): string {
  return encodeCursor([row.laneRank, row.score, row.assessedAt, row.shipmentId]);
}

function decodeQueueCursor(cursor: string): repo.QueueCursor {
  const [laneRank, score, assessedAt, id] = decodeCursor(cursor, ['int', 'int', 'time', 'uuid']);
  return { laneRank, score, assessedAt, id };
}
