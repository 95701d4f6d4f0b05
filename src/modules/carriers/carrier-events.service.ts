import { systemClock, type Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../db/database.js';
import { fail, type Failure, type Typed } from '../../platform/failure.js';
import { AppError, badInput, forbidden } from '../../platform/errors.js';
import type { Principal } from '../auth/principal.js';
import { ChangeJournal } from '../journal/change-journal.js';
import type { Carrier, ReferenceData } from '../reference/reference.service.js';
import { readSeed } from '../reference/reference.seeder.js';
import type { ShipmentStatusPort, StatusChange } from '../shipments/shipment-status.port.js';
import { statusEdge, type ShipmentStatus } from '../shipments/shipment-status.state-machine.js';
import { normaliseReturnDispatch, returnDispatchProblem } from '../returns/return-dispatch.js';
import * as repo from './carrier-events.repository.js';
import { receptaclesByNumber } from './handoff.repository.js';
import { statusSteps } from './carrier-status.js';
import type { CarrierEventErrorCode } from './carriers.errors.js';

export interface CarrierEventInput {
  eventId: string;
  trackingNumber?: string | null;
  receptacleId?: string | null;
  code: string;
  occurredAt: Date;
  office?: string | null;
  countryCode?: string | null;
  /** SGR (return) events: why, and the returned-items dispatch carrying the parcel back. */
  returnReason?: string | null;
  returnDispatch?: string | null;
}

/** Silkgate's own item event for a carrier sending a parcel back (seed/event-codes.json, docs/returns.md). */
const RETURN_CODE = 'SGR';

export type CarrierEventOutcome =
  | Typed<{ index: number; eventId: string; duplicate: boolean; trackingNumber: string | null; receptacleId: string | null; status: string | null }, 'CarrierEventAccepted'>
  | Failure<'CarrierEventRejected', CarrierEventErrorCode, { index: number; eventId: string }>;

/**
 * Looks up receptacles for receptacle (RESDIT) events: by default, receptacles of closed
 * dispatches, with the dispatch's carrier.
 */
export type ReceptacleResolver = (carrierId: string, receptacleIds: readonly string[]) => Promise<Map<string, { id: string; carrierId: string | null }>>;

/** A receptacle event stored for the first time, as a listener receives it (inside the reporting transaction). */
export interface StoredReceptacleEvent {
  eventId: string;
  receptacleId: string;
  code: string;
  occurredAt: Date;
  office: string | null;
  countryCode: string | null;
  carrierCode: string;
}
export type ReceptacleEventListener = (tx: Queryable, events: readonly StoredReceptacleEvent[]) => Promise<void>;

const MAX_EVENTS = 1000;
// A carrier's clock may run a little ahead; an event days in the future is a mistake.
const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

interface EventCodeSeed {
  events: { code: string; carrierStatus?: string }[];
  receptacleEvents: { code: string }[];
}

/** Events reported by carriers: UPU item events by S10 number and receptacle events by S9 id. */
export class CarrierEventsService {
  private readonly receptacleListeners: ReceptacleEventListener[] = [];

  private constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly itemStatus: Map<string, string>,
    private readonly receptacleCodes: Set<string>,
    private readonly receptacles: ReceptacleResolver,
    private readonly status: ShipmentStatusPort,
    private readonly clock: Clock,
  ) {}

  static async create(db: Database, reference: ReferenceData, status: ShipmentStatusPort, clock: Clock = systemClock, receptacles?: ReceptacleResolver): Promise<CarrierEventsService> {
    const seed = await readSeed<EventCodeSeed>('event-codes.json');
    return new CarrierEventsService(
      db,
      reference,
      new Map(seed.events.flatMap((e) => (e.carrierStatus ? [[e.code, e.carrierStatus] as [string, string]] : []))),
      new Set(seed.receptacleEvents.map((e) => e.code)),
      receptacles ?? ((_carrierId, numbers) => receptaclesByNumber(db, numbers)),
      status,
      clock,
    );
  }

  /** Lets a module act on new receptacle events in the reporting transaction (the EDI module feeds item timelines). */
  onReceptacleEvents(listener: ReceptacleEventListener): void {
    this.receptacleListeners.push(listener);
  }

  private carrierOf(principal: Principal): Carrier {
    const carrier = principal.role === 'CARRIER' ? this.reference.carriers.find((c) => c.id === principal.carrierId) : undefined;
    if (!carrier) throw forbidden('Only a carrier key reports carrier events.');
    return carrier;
  }

  /**
   * Stores each valid event once per (carrier, event id); invalid ones are answered per event and
   * the rest are stored. One transaction writes the events, the parcels' timelines and statuses,
   * the audit records and the outbox messages.
   */
  async report(principal: Principal, inputs: readonly CarrierEventInput[], requestId?: string): Promise<CarrierEventOutcome[]> {
    const carrier = this.carrierOf(principal);
    if (inputs.length === 0) throw badInput('Send at least one event.');
    if (inputs.length > MAX_EVENTS) throw new AppError('LIMIT_EXCEEDED', `At most ${MAX_EVENTS} events per call; this call has ${inputs.length}.`, { limit: MAX_EVENTS });

    const outcomes: (CarrierEventOutcome | undefined)[] = new Array(inputs.length);
    const reject = (index: number, errorCode: CarrierEventErrorCode, message: string) => {
      outcomes[index] = fail('CarrierEventRejected', errorCode, message, { index, eventId: inputs[index].eventId });
    };
    // Built field by field: spreading the coerced inputs (null-prototype objects) cost more than the rest of the loop.
    const normalised = inputs.map((e, index) => ({
      index,
      eventId: e.eventId.trim(),
      code: e.code.trim().toUpperCase(),
      trackingNumber: e.trackingNumber?.replace(/[\s-]/g, '').toUpperCase() || null,
      receptacleId: e.receptacleId?.replace(/\s/g, '').toUpperCase() || null,
      occurredAt: e.occurredAt,
      countryCode: e.countryCode?.trim().toUpperCase() || null,
      office: e.office?.trim() || null,
      returnDispatch: e.returnDispatch ? normaliseReturnDispatch(e.returnDispatch) : null,
      returnReason: e.returnReason ?? null,
    }));
    const now = this.clock.now().getTime();
    normalised.forEach((e, i) => {
      if (!e.eventId || e.eventId.length > 100) return reject(i, 'INVALID_EVENT', 'eventId must have 1 to 100 characters.');
      if (!e.trackingNumber === !e.receptacleId) return reject(i, 'INVALID_EVENT', 'Give exactly one of trackingNumber (item event) and receptacleId (receptacle event).');
      if (Number.isNaN(e.occurredAt.getTime()) || e.occurredAt.getTime() > now + FUTURE_TOLERANCE_MS) return reject(i, 'INVALID_EVENT', 'occurredAt is missing or more than a day in the future.');
      if (e.countryCode && !/^[A-Z]{2}$/.test(e.countryCode)) return reject(i, 'INVALID_EVENT', 'countryCode must be an ISO 3166-1 alpha-2 code.');
      if (e.office && e.office.length > 35) return reject(i, 'INVALID_EVENT', 'office has at most 35 characters.');
      if (e.trackingNumber && !this.itemStatus.has(e.code)) {
        return reject(i, 'UNKNOWN_EVENT_CODE', `${e.code} is not an item event a carrier reports; use one of ${[...this.itemStatus.keys()].join(', ')}.`);
      }
      if (e.receptacleId && !this.receptacleCodes.has(e.code)) {
        return reject(i, 'UNKNOWN_EVENT_CODE', `${e.code} is not a receptacle (RESDIT) event code; use one of ${[...this.receptacleCodes].join(', ')}.`);
      }
      if (e.code === RETURN_CODE && e.trackingNumber && (!e.returnReason || !e.returnDispatch)) return reject(i, 'INVALID_EVENT', `A return (${RETURN_CODE}) gives returnReason and returnDispatch.`);
      if (e.code !== RETURN_CODE && (e.returnReason || e.returnDispatch)) return reject(i, 'INVALID_EVENT', `returnReason and returnDispatch belong to a return (${RETURN_CODE}) only.`);
    });

    // Parcels: the carrier answers for parcels bound to its destinations (see docs/carriers.md).
    const numbers = [...new Set(normalised.flatMap((e, i) => (outcomes[i] || !e.trackingNumber ? [] : [e.trackingNumber])))];
    const items = new Map((await repo.itemsByTrackingNumber(this.db, numbers)).map((r) => [r.trackingNumber, r]));
    const receptacleIds = [...new Set(normalised.flatMap((e, i) => (outcomes[i] || !e.receptacleId ? [] : [e.receptacleId])))];
    const receptacles = receptacleIds.length ? await this.receptacles(carrier.id, receptacleIds) : new Map();
    normalised.forEach((e, i) => {
      if (outcomes[i]) return;
      if (e.trackingNumber) {
        const item = items.get(e.trackingNumber);
        if (!item) return reject(i, 'UNKNOWN_ITEM', `No parcel with tracking number ${e.trackingNumber}.`);
        const responsible = item.dispatchCarrierId ? item.dispatchCarrierId === carrier.id : carrier.destinations.includes(item.destinationCountry);
        if (!responsible) return reject(i, 'NOT_YOUR_ITEM', `Parcel ${e.trackingNumber} is not handed to ${carrier.name}.`);
        if (e.code !== RETURN_CODE) return;
        const problem = returnDispatchProblem(e.returnDispatch!, this.reference.hubById(item.hubId)!.officeOfExchange);
        if (problem) return reject(i, 'INVALID_RETURN_DISPATCH', problem);
        if (!statusEdge(item.status, 'RETURN_IN_TRANSIT')) return reject(i, 'RETURN_NOT_ALLOWED', `Parcel ${e.trackingNumber} is ${item.status}: only a parcel in the carrier's hands can be sent back by it.`);
      } else {
        const receptacle = receptacles.get(e.receptacleId!);
        if (!receptacle || receptacle.carrierId !== carrier.id) return reject(i, 'UNKNOWN_RECEPTACLE', `No receptacle ${e.receptacleId} handed to ${carrier.name}.`);
      }
    });

    const valid = normalised.filter((e) => !outcomes[e.index]);
    const source = `carrier:${carrier.code}`;
    const finalStatus = new Map<string, string>();
    const newIds = await this.db.transaction(async (tx) => {
      const shipmentIds = [...new Set(valid.flatMap((e) => (e.trackingNumber ? [items.get(e.trackingNumber)!.id] : [])))];
      const before = await this.status.lockStatuses(tx, shipmentIds);
      // Within one call, the first occurrence of an event id is the one stored.
      const seen = new Set<string>();
      const firsts = valid.filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)));
      const inserted = await repo.insertCarrierEvents(
        tx,
        firsts.map((e) => ({
          carrierId: carrier.id,
          eventId: e.eventId,
          shipmentId: e.trackingNumber ? items.get(e.trackingNumber)!.id : null,
          receptacleRef: e.receptacleId,
          code: e.code,
          occurredAt: e.occurredAt,
          office: e.office,
          countryCode: e.countryCode,
        })),
      );
      const fresh = firsts.filter((e) => inserted.has(e.eventId));
      const freshReceptacles = fresh.flatMap((e) => (e.receptacleId ? [{ eventId: e.eventId, receptacleId: e.receptacleId, code: e.code, occurredAt: e.occurredAt, office: e.office, countryCode: e.countryCode, carrierCode: carrier.code }] : []));
      for (const listener of freshReceptacles.length ? this.receptacleListeners : []) await listener(tx, freshReceptacles);
      const freshItems = fresh.filter((e) => e.trackingNumber);
      const journal = new ChangeJournal();
      // A return's reason and dispatch go with its event and its status change (the returns module writes the return from them).
      const returnDetail = new Map<string, { reason: string; returnDispatch: string }>();
      for (const e of freshItems) {
        const shipmentId = items.get(e.trackingNumber!)!.id;
        const detail = e.code === RETURN_CODE ? { reason: e.returnReason!, returnDispatch: e.returnDispatch! } : undefined;
        if (detail) returnDetail.set(shipmentId, detail);
        journal.events.push({ shipmentId, code: e.code, occurredAt: e.occurredAt, office: e.office, countryCode: e.countryCode, source, detail: detail ? { eventId: e.eventId, ...detail } : { eventId: e.eventId } });
      }
      const touched = [...new Set(freshItems.map((e) => items.get(e.trackingNumber!)!.id))];
      const history = await repo.carrierItemEvents(tx, touched);
      for (const id of shipmentIds) finalStatus.set(id, before.get(id)!);
      const freshById = new Map<string, { code: string; occurredAt: Date }[]>();
      for (const e of freshItems) {
        const id = items.get(e.trackingNumber!)!.id;
        freshById.set(id, [...(freshById.get(id) ?? []), e]);
      }
      // Each parcel's steps, in event time, in one call: the owner moves each row once and announces every
      // step; a parcel the machine will not move further (customs refused it, it is on its way back) stops where it got to.
      const changes: StatusChange[] = touched.flatMap((id) => statusSteps(before.get(id)!, freshById.get(id)!, history.get(id) ?? [], this.itemStatus).map((step) => ({
        shipmentId: id, to: step.to as ShipmentStatus, occurredAt: step.occurredAt, eventCode: step.code, reason: `carrier event ${step.code} from ${carrier.code}`,
        detail: step.code === RETURN_CODE ? returnDetail.get(id) : undefined,
      })));
      const result = await this.status.changeStatus(tx, changes, { actor: principal, source, requestId, carrierId: carrier.id, journal, now: this.clock.now(), illegal: 'skip' });
      for (const c of result.changed) finalStatus.set(c.shipmentId, c.to);

      for (const e of fresh) {
        journal.audit.push({
          actor: principal,
          action: 'carrier.event_reported',
          entityType: e.trackingNumber ? 'shipment' : 'receptacle',
          entityId: e.trackingNumber ? items.get(e.trackingNumber)!.id : e.receptacleId!,
          after: { eventId: e.eventId, code: e.code, occurredAt: e.occurredAt.toISOString(), carrier: carrier.code },
          requestId,
        });
      }
      await journal.flush(tx);
      return inserted;
    });

    const storedThisCall = new Set<string>();
    for (const e of valid) {
      const duplicate = !newIds.has(e.eventId) || storedThisCall.has(e.eventId);
      storedThisCall.add(e.eventId);
      const item = e.trackingNumber ? items.get(e.trackingNumber)! : undefined;
      outcomes[e.index] = {
        __typename: 'CarrierEventAccepted',
        index: e.index,
        eventId: e.eventId,
        duplicate,
        trackingNumber: e.trackingNumber,
        receptacleId: e.receptacleId,
        status: item ? finalStatus.get(item.id) ?? item.status : null,
      };
    }
    return outcomes as CarrierEventOutcome[];
  }
}
