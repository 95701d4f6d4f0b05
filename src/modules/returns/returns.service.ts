import type { Database, Queryable } from '../../db/database.js';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { Principal } from '../auth/principal.js';
import { inParcelScope, parcelScope } from '../auth/visibility.js';
import { ChangeJournal } from '../journal/change-journal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import { readSeed } from '../reference/reference.seeder.js';
import type { StatusChange, StatusChangeContext, StatusChangedWithDetail, ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import { statusEdge, type ShipmentStatus, type StatusEdgeName } from '../shipments/shipment-status.state-machine.js';
import type { NewTrackingEvent } from '../tracking/tracking.repository.js';
import type { ReturnsErrorCode } from './returns.errors.js';
import { originCountries, parcelFactsByTrackingNumber } from '../shipments/shipments.repository.js';
import { normaliseReturnDispatch, returnDispatchProblem } from './return-dispatch.js';
import * as repo from './returns.repository.js';

export interface ReportReturnInput {
  trackingNumber: string;
  reason: repo.ReturnReason;
  returnDispatch: string;
  occurredAt: Date;
  office?: string | null;
  countryCode?: string | null;
}

// A carrier's clock may run a little ahead; a day in the future is a mistake (as for carrier events).
const FUTURE_TOLERANCE_MS = 24 * 3_600_000;
const BEFORE_BAGGING = new Set(['DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED', 'RECEIVED_AT_HUB']);

const refuse = (code: ReturnsErrorCode, message: string) => new AppError<ReturnsErrorCode>(code, message);

interface ReturnRulesSeed { origins: { country: string; reimportDeclaration: boolean }[] }

/**
 * Return to sender (docs/returns.md): a carrier's return or a seller's recall, the way back to the
 * origin hub, re-import customs where the origin's regime wants it, and the hand-back to the seller.
 * Every step is one transaction: the return row, the status change (through the shipments module's
 * port: tracking event, audit record, `shipment.status_changed` message) and the step's audit record.
 */
export class ReturnsService {
  private constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly status: ShipmentStatusPort,
    private readonly reimportOrigins: Set<string>,
    private readonly clock: Clock,
  ) {}

  static async create(db: Database, reference: ReferenceData, status: ShipmentStatusPort, clock: Clock = systemClock): Promise<ReturnsService> {
    const rules = await readSeed<ReturnRulesSeed>('return-rules.json');
    return new ReturnsService(db, reference, status, new Set(rules.origins.filter((o) => o.reimportDeclaration).map((o) => o.country)), clock);
  }

  returnsFor(shipmentIds: readonly string[]): Promise<Map<string, repo.ReturnRow>> {
    return repo.returnsFor(this.db, shipmentIds);
  }

  /** The delivering carrier sends a parcel it holds back to the origin hub in a returned-items dispatch. */
  async reportReturn(principal: Principal, input: ReportReturnInput, requestId?: string): Promise<string> {
    const carrier = this.reference.carriers.find((c) => c.id === principal.carrierId);
    if (!carrier) throw forbidden('Only a carrier key reports returns.');
    const occurredAt = input.occurredAt;
    if (Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) throw badInput('occurredAt is more than a day in the future.');
    const countryCode = input.countryCode?.trim().toUpperCase() || null;
    if (countryCode && !/^[A-Z]{2}$/.test(countryCode)) throw badInput('countryCode must be an ISO 3166-1 alpha-2 code.');
    const office = input.office?.trim() || null;
    if (office && office.length > 35) throw badInput('office has at most 35 characters.');
    const parcel = await this.parcel(input.trackingNumber);
    if (!carrier.destinations.includes(parcel.destinationCountry)) throw refuse('NOT_YOUR_ITEM', `Parcel ${parcel.trackingNumber} is not handed to ${carrier.name}.`);
    const dispatch = normaliseReturnDispatch(input.returnDispatch);
    const problem = returnDispatchProblem(dispatch, this.reference.hubById(parcel.hubId)!.officeOfExchange);
    if (problem) throw refuse('INVALID_RETURN_DISPATCH', problem);
    if (!statusEdge(parcel.status, 'RETURN_IN_TRANSIT')) throw refuse('RETURN_NOT_ALLOWED', `Parcel ${parcel.trackingNumber} is ${parcel.status}: only a parcel in the carrier's hands can be returned by it.`);
    const detail = { reason: input.reason, returnDispatch: dispatch };
    // The return row is written by returnsStarted, as for a return reported among a carrier's events.
    await this.db.transaction((tx) => this.move(tx, principal, `carrier:${carrier.code}`, requestId, carrier.id, [{
      shipmentId: parcel.id, to: 'RETURN_IN_TRANSIT', reason: input.reason, occurredAt, detail,
      events: [{ code: 'SGR', occurredAt, office, countryCode, source: `carrier:${carrier.code}`, detail }],
    }]));
    return parcel.id;
  }

  /** The edges that start a return whoever moves the parcel: a carrier's return event, customs sending a rejected parcel back. */
  static readonly STARTING_EDGES: readonly StatusEdgeName[] = ['return.carrier_return', 'customs.return_to_sender'];

  /**
   * Writes the return rows of parcels that just moved along a starting edge, in the moving
   * transaction (a listener of the status owner): a carrier return with its reason and return
   * dispatch, or customs' return of a rejected parcel, which is back with the seller at once.
   */
  async returnsStarted(tx: Queryable, changes: readonly StatusChangedWithDetail[], context: StatusChangeContext): Promise<void> {
    const origins = await originCountries(tx, changes.map((c) => c.shipmentId));
    for (const c of changes) {
      if (c.edge === 'customs.return_to_sender') {
        await repo.insertReturn(tx, { shipmentId: c.shipmentId, cause: 'CUSTOMS_REJECTION', reason: null, carrierId: null, returnDispatch: null, reimportRequired: false, startedAt: c.occurredAt, closedAt: context.now, outcome: 'RETURNED' });
        continue;
      }
      await repo.insertReturn(tx, {
        shipmentId: c.shipmentId, cause: 'CARRIER_RETURN', reason: c.detail.reason as repo.ReturnReason, carrierId: context.carrierId ?? null,
        returnDispatch: c.detail.returnDispatch as string, reimportRequired: this.reimportOrigins.has(origins.get(c.shipmentId)!), startedAt: c.occurredAt,
      });
    }
  }

  /** The origin hub re-receives a returned parcel; where the origin wants it, customs gets it for re-import. */
  async receiveReturn(principal: Principal, trackingNumber: string, requestId?: string): Promise<string> {
    const parcel = await this.hubParcel(principal, trackingNumber);
    if (parcel.status !== 'RETURN_IN_TRANSIT') throw refuse('RETURN_NOT_ALLOWED', `Parcel ${parcel.trackingNumber} is ${parcel.status}, not on its way back.`);
    const hub = this.reference.hubById(parcel.hubId)!;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const ret = (await repo.lockReturn(tx, parcel.id))!;
      await repo.updateReturn(tx, parcel.id, { receivedAt: now });
      const at = { office: hub.officeOfExchange, countryCode: hub.countryCode, source: 'hub', occurredAt: now };
      await this.move(tx, principal, 'hub', requestId, null, [{ shipmentId: parcel.id, to: 'RETURN_RECEIVED_AT_HUB', occurredAt: now, events: [{ code: 'SGO', ...at }] }]);
      // Presented to customs at the origin, now the country the goods come back into (UPU EDB).
      if (ret.reimportRequired) {
        await this.move(tx, principal, 'customs', requestId, null, [{ shipmentId: parcel.id, to: 'RETURN_IN_REIMPORT_CUSTOMS', occurredAt: now, events: [{ code: 'EDB', ...at, source: 'customs' }] }]);
      }
    });
    return parcel.id;
  }

  /** Origin customs releases returned goods for re-import (UPU EDC); the hub may then hand them back. */
  async releaseReimport(principal: Principal, trackingNumber: string, requestId?: string): Promise<string> {
    const parcel = await this.hubParcel(principal, trackingNumber);
    if (parcel.status !== 'RETURN_IN_REIMPORT_CUSTOMS') throw refuse('RETURN_NOT_ALLOWED', `Parcel ${parcel.trackingNumber} is ${parcel.status}, not with customs for re-import.`);
    const hub = this.reference.hubById(parcel.hubId)!;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const ret = (await repo.lockReturn(tx, parcel.id))!;
      if (ret.reimportReleasedAt) throw refuse('RETURN_NOT_ALLOWED', `Customs already released ${parcel.trackingNumber} for re-import.`);
      await repo.updateReturn(tx, parcel.id, { reimportReleasedAt: now });
      const journal = new ChangeJournal();
      journal.events.push({ shipmentId: parcel.id, code: 'EDC', occurredAt: now, office: hub.officeOfExchange, countryCode: hub.countryCode, source: 'customs' });
      journal.audit.push({ actor: principal, action: 'return.reimport_released', entityType: 'shipment', entityId: parcel.id, after: { reimportReleasedAt: now.toISOString() }, requestId });
      await journal.flush(tx);
    });
    return parcel.id;
  }

  /** The hub hands a returned or recalled parcel back to the seller. */
  async handToSeller(principal: Principal, trackingNumber: string, requestId?: string): Promise<string> {
    const parcel = await this.hubParcel(principal, trackingNumber);
    const hub = this.reference.hubById(parcel.hubId)!;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const ret = await repo.lockReturn(tx, parcel.id);
      if (!ret || ret.outcome || !['RETURN_RECEIVED_AT_HUB', 'RETURN_IN_REIMPORT_CUSTOMS'].includes(parcel.status)) {
        throw refuse('RETURN_NOT_ALLOWED', `Parcel ${parcel.trackingNumber} is ${parcel.status}: only a returned parcel back at the hub is handed to the seller.`);
      }
      if (ret.reimportRequired && !ret.reimportReleasedAt) throw refuse('REIMPORT_PENDING', `Customs has not released ${parcel.trackingNumber} for re-import yet.`);
      await repo.updateReturn(tx, parcel.id, { closedAt: now, outcome: 'RETURNED' });
      await this.move(tx, principal, 'hub', requestId, null, [{
        shipmentId: parcel.id, to: 'RETURNED_TO_SENDER', occurredAt: now,
        events: [{ code: 'SGS', occurredAt: now, office: hub.officeOfExchange, countryCode: hub.countryCode, source: 'hub' }],
      }]);
    });
    return parcel.id;
  }

  /** The seller takes a parcel back before it is bagged for dispatch. */
  async recall(principal: Principal, trackingNumber: string, requestId?: string): Promise<string> {
    const parcel = await this.sellerParcel(principal, trackingNumber);
    if (!BEFORE_BAGGING.has(parcel.status)) throw refuse('RECALL_TOO_LATE', `Parcel ${parcel.trackingNumber} is ${parcel.status}: a recall is possible until the hub bags it.`);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      if (await repo.lockReturn(tx, parcel.id)) throw refuse('RETURN_NOT_ALLOWED', `Parcel ${parcel.trackingNumber} is already being returned.`);
      await repo.insertReturn(tx, { shipmentId: parcel.id, cause: 'SELLER_RECALL', reason: null, carrierId: null, returnDispatch: null, reimportRequired: false, startedAt: now, closedAt: now, outcome: 'RETURNED' });
      await this.move(tx, principal, 'seller', requestId, null, [{ shipmentId: parcel.id, to: 'RETURNED_TO_SENDER', occurredAt: now, events: [{ code: 'SGC', occurredAt: now, source: 'seller' }] }]);
    });
    return parcel.id;
  }

  /**
   * The seller's choice for a parcel on its way back, or one customs rejected at the origin: bring it
   * back (nothing to do) or give it up.
   */
  async choose(principal: Principal, trackingNumber: string, choice: 'RETURN' | 'ABANDON', requestId?: string): Promise<string> {
    const parcel = await this.sellerParcel(principal, trackingNumber);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const ret = await repo.lockReturn(tx, parcel.id);
      const rejected = !ret && parcel.status === 'CUSTOMS_REJECTED';
      if (!rejected && (!ret || ret.outcome)) throw refuse('RETURN_NOT_ALLOWED', `Parcel ${parcel.trackingNumber} has no return under way.`);
      if (choice === 'RETURN') return;
      if (!rejected && parcel.status !== 'RETURN_IN_TRANSIT') throw refuse('ABANDON_NOT_ALLOWED', `Parcel ${parcel.trackingNumber} is ${parcel.status}: a parcel back at the origin goes back to the seller.`);
      if (rejected) {
        await repo.insertReturn(tx, { shipmentId: parcel.id, cause: 'CUSTOMS_REJECTION', reason: null, carrierId: null, returnDispatch: null, reimportRequired: false, startedAt: now, closedAt: now, outcome: 'ABANDONED' });
      } else {
        await repo.updateReturn(tx, parcel.id, { closedAt: now, outcome: 'ABANDONED' });
      }
      await this.move(tx, principal, 'seller', requestId, ret?.carrierId ?? null, [{ shipmentId: parcel.id, to: 'RETURN_ABANDONED', occurredAt: now, events: [{ code: 'SGX', occurredAt: now, source: 'seller' }] }]);
    });
    return parcel.id;
  }

  private async move(tx: Queryable, principal: Principal, source: string, requestId: string | undefined, carrierId: string | null, changes: (StatusChange & { to: ShipmentStatus; events: Omit<NewTrackingEvent, 'shipmentId'>[] })[]): Promise<void> {
    // Throws ILLEGAL_TRANSITION (rolling the step back) if another call moved the parcel meanwhile.
    await this.status.changeStatus(tx, changes, { actor: principal, source, requestId, carrierId, now: this.clock.now() });
  }

  private async parcel(trackingNumber: string): Promise<repo.ReturnParcel> {
    const number = trackingNumber.replace(/[\s-]/g, '').toUpperCase();
    const parcel = number ? await parcelFactsByTrackingNumber(this.db, number) : undefined;
    if (!parcel) throw notFound(`Parcel ${number}`);
    return parcel;
  }

  private async hubParcel(principal: Principal, trackingNumber: string): Promise<repo.ReturnParcel> {
    const parcel = await this.parcel(trackingNumber);
    if (!inParcelScope(parcelScope(principal, ['HUB_OPERATOR', 'CUSTOMS_OFFICER', 'ADMIN']), parcel)) throw notFound(`Parcel ${parcel.trackingNumber}`);
    return parcel;
  }

  private async sellerParcel(principal: Principal, trackingNumber: string): Promise<repo.ReturnParcel> {
    const parcel = await this.parcel(trackingNumber);
    if (!inParcelScope(parcelScope(principal, ['SELLER']), parcel)) throw notFound(`Parcel ${parcel.trackingNumber}`);
    return parcel;
  }
}
