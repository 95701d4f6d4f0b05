import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.js';
import type { JsonText } from '../../db/json-text.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { decodeCursor, encodeCursor, pageOf, pageSize } from '../../platform/pagination.js';
import type { Principal } from '../auth/principal.js';
import { ChangeJournal } from '../journal/change-journal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import { s9Identity } from '../../standards/s9.js';
import type { HandoffErrorCode } from './carriers.errors.js';
import * as repo from './handoff.repository.js';

export type HandoffRow = repo.HandoffRow;
export type AdvanceData = repo.AdvanceData;

export const MAX_CLAIM = 10_000;
export const HANDOVER_EVENT = 'SGH';

export interface AcknowledgeInput {
  /** S9 numbers of the receptacles the carrier actually received. */
  receptacleNumbers: readonly string[];
  receivedAt?: Date | null;
  /** The lease from claimHandoffs: when given, it must still be the current one. */
  leaseId?: string | null;
}

export interface AcknowledgeResult {
  handoff: HandoffRow;
  receipt: repo.HandoffReceipt;
  alreadyAcknowledged: boolean;
}

/**
 * The pull queue: closed dispatches waiting for their carrier (carrier_handoffs, filled through
 * `dispatchClosed` when the hub closes a dispatch). Carriers list, lease (claim) and acknowledge them RESDES-style.
 */
export class HandoffService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly status: ShipmentStatusPort,
    private readonly clock: Clock = systemClock,
  ) {}

  private carrierOf(principal: Principal) {
    const carrier = principal.role === 'CARRIER' ? this.reference.carriers.find((c) => c.id === principal.carrierId) : undefined;
    if (!carrier) throw forbidden('Only a carrier key sees a handoff queue.');
    return carrier;
  }

  async queue(principal: Principal, first: number, after?: string | null): Promise<{ rows: HandoffRow[]; hasNextPage: boolean }> {
    const carrier = this.carrierOf(principal);
    pageSize(first);
    const cursor = after ? decodeCursor(after, ['time', 'uuid']) : undefined;
    const rows = await repo.listHandoffs(this.db, carrier.id, { first, after: cursor && { createdAt: cursor[0], id: cursor[1] } });
    return pageOf(rows, first);
  }

  async claim(principal: Principal, max: number, leaseSeconds: number): Promise<HandoffRow[]> {
    const carrier = this.carrierOf(principal);
    if (!Number.isInteger(max) || max < 1 || max > MAX_CLAIM) throw badInput(`max must be between 1 and ${MAX_CLAIM}.`);
    if (!Number.isInteger(leaseSeconds) || leaseSeconds < 5 || leaseSeconds > 86_400) throw badInput('leaseSeconds must be between 5 and 86,400.');
    const now = this.clock.now();
    return repo.claimHandoffs(this.db, carrier.id, max, { id: randomUUID(), now, until: new Date(now.getTime() + leaseSeconds * 1000) });
  }

  backlog(principal: Principal) {
    return repo.handoffBacklog(this.db, this.carrierOf(principal).id);
  }

  /** A closed dispatch joins its carrier's queue, in the hub's closing transaction (the hub's CarrierHandoffPort). */
  dispatchClosed(tx: Queryable, handoff: { dispatchId: string; carrierId: string; advance: AdvanceData; advanceJson: JsonText }): Promise<void> {
    return repo.insertHandoff(tx, handoff.dispatchId, handoff.carrierId, handoff.advanceJson, handoff.advance.deliveryBill);
  }

  advanceFor(dispatchIds: readonly string[]) {
    return repo.advanceData(this.db, dispatchIds);
  }

  deliveryBillsFor(dispatchIds: readonly string[]) {
    return repo.deliveryBills(this.db, dispatchIds);
  }

  /**
   * Records what the carrier received. Receptacles of the dispatch that it did not receive are
   * `missing`, received numbers that are not the dispatch's are `extra` (RESDES discrepancies).
   * Parcels in received receptacles are handed over: tracking event, status HANDED_TO_CARRIER,
   * audit and outbox — one transaction. A second acknowledgement answers with the first receipt.
   */
  async acknowledge(principal: Principal, dispatchId: string, input: AcknowledgeInput, requestId?: string): Promise<AcknowledgeResult> {
    const carrier = this.carrierOf(principal);
    if (!isUuid(dispatchId)) throw notFound('Handoff');
    if (input.receptacleNumbers.length > 999) throw badInput('A dispatch has at most 999 receptacles.');
    const now = this.clock.now();
    const receivedAt = input.receivedAt ?? now;
    if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime() + 86_400_000) throw badInput('receivedAt is not a plausible time.');
    return this.db.transaction(async (tx) => {
      const handoff = await repo.lockHandoff(tx, dispatchId);
      if (!handoff || handoff.carrierId !== carrier.id) throw notFound('Handoff');
      if (handoff.state === 'ACKNOWLEDGED') return { handoff, receipt: handoff.receipt!, alreadyAcknowledged: true };
      if (input.leaseId && input.leaseId !== handoff.leaseId) {
        throw new AppError<HandoffErrorCode>('LEASE_LOST', 'Your lease on this handoff ended and another poller claimed it; claim again.', { dispatchId });
      }
      // Bags match on identity (S8 + serial): the label of the last bag may still show indicator 0.
      const expected = (await repo.receptacleNumbersOfDispatch(tx, dispatchId)).map((n) => n.trim());
      const received = [...new Set(input.receptacleNumbers.map((n) => n.replace(/\s/g, '').toUpperCase()))];
      const identity = (n: string) => s9Identity(n) ?? n;
      const receivedIds = new Set(received.map(identity));
      const expectedIds = new Set(expected.map(identity));
      const receipt: repo.HandoffReceipt = {
        receivedAt: receivedAt.toISOString(),
        received: expected.filter((n) => receivedIds.has(identity(n))),
        missing: expected.filter((n) => !receivedIds.has(identity(n))),
        extra: received.filter((n) => !expectedIds.has(identity(n))),
      };
      const receivedSet = new Set(receipt.received);
      await repo.acknowledge(tx, dispatchId, receipt, now);

      const parcels = (await repo.parcelsOfDispatch(tx, dispatchId)).filter((p) => receivedSet.has(p.receptacleNumber.trim()));
      const journal = new ChangeJournal();
      for (const p of parcels) {
        journal.events.push({
          shipmentId: p.shipmentId, code: HANDOVER_EVENT, occurredAt: receivedAt, office: carrier.officeOfExchange, countryCode: carrier.countryCode,
          source: `carrier:${carrier.code}`, detail: { dispatchNumber: handoff.dispatchNumber, receptacleNumber: p.receptacleNumber.trim() },
        });
      }
      await this.status.changeStatus(
        tx,
        parcels.map((p) => ({ shipmentId: p.shipmentId, to: 'HANDED_TO_CARRIER', eventCode: HANDOVER_EVENT, occurredAt: receivedAt, reason: `handed to ${carrier.code} in ${handoff.dispatchNumber}` })),
        // A parcel the carrier already reported on keeps its later status: handover is a move from DISPATCHED
        // only, so the guarded UPDATE leaves it (reading and locking every status first cost a second pass).
        { actor: principal, source: `carrier:${carrier.code}`, requestId, carrierId: carrier.id, journal, now, illegal: 'skip' },
      );
      const discrepancy = receipt.missing.length > 0 || receipt.extra.length > 0;
      journal.audit.push({
        actor: principal, action: 'carrier.handoff.acknowledged', entityType: 'dispatch', entityId: dispatchId,
        before: { state: handoff.state }, after: { state: 'ACKNOWLEDGED', ...receipt }, reason: discrepancy ? 'receipt has discrepancies' : null, requestId,
      });
      journal.outbox.push({ topic: 'dispatch.acknowledged', aggregateType: 'dispatch', aggregateId: dispatchId, carrierId: carrier.id, payload: { dispatchNumber: handoff.dispatchNumber, carrier: carrier.code, ...receipt } });
      await journal.flush(tx);
      const after = (await repo.lockHandoff(tx, dispatchId))!;
      return { handoff: after, receipt, alreadyAcknowledged: false };
    });
  }
}

export function encodeHandoffCursor(row: { createdAt: Date; dispatchId: string }): string {
  return encodeCursor([new Date(row.createdAt), row.dispatchId]);
}
