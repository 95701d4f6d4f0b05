import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.js';
import type { Config } from '../../platform/config.js';
import { AppError, badInput, notFound } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { isUuid } from '../../platform/ids.js';
import { inTransaction } from '../../platform/transaction.js';
import { decodeCursor, encodeCursor, pageOf, pageSize } from '../../platform/pagination.js';
import { parseAirWaybill } from '../../standards/air-waybill.js';
import { buildS8, isMailCategory, isMailSubclass, isOfficeOfExchange, MAX_DISPATCH_SERIAL } from '../../standards/s8.js';
import { buildS9, withHighestIndicator } from '../../standards/s9.js';
import { normaliseS10 } from '../../standards/s10.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor, Principal } from '../auth/principal.js';
import { enqueueOutbox } from '../outbox/outbox.repository.js';
import type { Hub, ReferenceData } from '../reference/reference.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import { findShipments, linesForShipments, type LineRow, type ShipmentRow } from '../shipments/shipments.repository.js';
import { assignToDispatches, planReceptacles, type Candidate } from './consolidation/plan.js';
import { noCustomsRisk, type CustomsRiskPort } from './customs-risk.port.js';
import { refusal, Refused, type HubRefusal } from './hub.errors.js';
import * as repo from './hub.repository.js';
import { HubScope } from './hub-scope.js';
import { dispatchMachine, hubParcelMachine, receptacleMachine } from './hub.state-machine.js';
import { HubScans, receptacleNotOpen, typed, type HubParcelResult, type ParcelReceived, type ReceiveParcelInput, type Typed } from './scans.service.js';

export type { ParcelReceived, ReceiveParcelInput };
import { isDangerousGoods, laneDifferences, laneKey, sameLane, type Lane, type Lanes } from './lanes.js';

export type HubConfig = Pick<
  Config,
  'hubWeightToleranceGrams' | 'hubWeightTolerancePercent' | 'receptacleMaxWeightGrams' | 'hubDwellThresholdsHours' | 'hubDwellCheckEvery'
>;

export const DEFAULT_HUB_CONFIG: HubConfig = {
  hubWeightToleranceGrams: 50,
  hubWeightTolerancePercent: 10,
  receptacleMaxWeightGrams: 30_000,
  hubDwellThresholdsHours: [24, 48, 72],
  hubDwellCheckEvery: '15 minutes',
};

export interface LaneInput {
  destinationOffice: string;
  mailCategory: string;
  mailSubclass: string;
  carrierCode: string;
}

export interface TransportInput {
  mode: string;
  flightNumber?: string | null;
  departureAt?: Date | null;
}

export interface ConsolidateInput {
  hubCode?: string | null;
  lane?: { [K in keyof LaneInput]?: string | null } | null;
  cutoff?: Date | null;
  transport?: TransportInput | null;
}

/** A dispatch with everything its delivery bill and item manifest print. */
export interface DispatchContents {
  dispatch: repo.DispatchRow;
  receptacles: repo.ReceptacleRow[];
  /** Parcels in its receptacles, by tracking number. */
  parcels: repo.HubParcelRow[];
  shipments: Map<string, ShipmentRow>;
  lines: Map<string, LineRow[]>;
}

export interface ConsolidationResult {
  parcelsBagged: number;
  receptacles: repo.ReceptacleRow[];
  dispatches: repo.DispatchRow[];
  oversized: string[];
  withoutLane: string[];
}



const MAX_DWELL_HOURS = 100_000;

export class HubService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    readonly lanes: Lanes,
    readonly config: HubConfig = DEFAULT_HUB_CONFIG,
    customsRisk: CustomsRiskPort = noCustomsRisk,
    private readonly status: ShipmentStatusPort,
    private readonly clock: Clock = systemClock,
  ) {
    this.scope = new HubScope(reference);
    this.scans = new HubScans(db, reference, this.scope, lanes, config, customsRisk, status, clock);
  }

  private readonly scope: HubScope;
  /** The floor's scans (receive, move, bag) for many parcels a call. */
  readonly scans: HubScans;

  // ---------- scope

  hubFor(principal: Principal, hubCode?: string | null): Hub {
    return this.scope.hubFor(principal, hubCode);
  }

  scopeHubId(principal: Principal): string | undefined {
    return this.scope.scopeHubId(principal);
  }

  private ensureHub(principal: Principal, hubId: string, what: string): void {
    this.scope.ensureHub(principal, hubId, what);
  }

  /** Runs fn in a transaction; a refusal thrown inside (`Refused`) rolls everything back and becomes the answer. */
  private inTx<T>(fn: (tx: Queryable) => Promise<T>): Promise<T | HubRefusal> {
    return inTransaction<T, HubRefusal>(this.db, fn);
  }

  private hubById(id: string): Hub {
    return this.reference.hubById(id)!;
  }

  private carrierCode(carrierId: string): string {
    return this.reference.carriers.find((c) => c.id === carrierId)?.code ?? carrierId;
  }

  // ---------- inbound

  /** Inbound scan of one parcel: the bulk scan with one input. */
  async receiveParcel(principal: Principal, input: ReceiveParcelInput, requestId?: string): Promise<ParcelReceived | HubRefusal> {
    return (await this.scans.receive(principal, [input], requestId))[0];
  }

  async moveParcel(principal: Principal, trackingNumber: string, locationCode: string, requestId?: string): Promise<HubParcelResult | HubRefusal> {
    return (await this.scans.move(principal, [{ trackingNumber, locationCode }], requestId))[0];
  }

  locations(principal: Principal, hubCode?: string | null): Promise<repo.HubLocationRow[]> {
    return repo.listLocations(this.db, this.hubFor(principal, hubCode).id);
  }

  async inventory(principal: Principal, filter: repo.InventoryFilter, first: number, after?: string | null): Promise<{ rows: repo.HubParcelRow[]; hasNextPage: boolean }> {
    pageSize(first);
    // A hub keeps parcels days, not centuries; the bound also keeps the cut-off a valid date.
    if (filter.minDwellHours !== undefined && !(filter.minDwellHours >= 0 && filter.minDwellHours <= MAX_DWELL_HOURS)) {
      throw badInput(`minDwellHours must be between 0 and ${MAX_DWELL_HOURS}.`);
    }
    const cursor = after ? decodeCursor(after, ['time', 'uuid']) : undefined;
    const rows = await repo.listInventory(this.db, this.scopeHubId(principal), filter, { first, after: cursor && { receivedAt: cursor[0], id: cursor[1] } }, this.clock.now());
    return pageOf(rows, first);
  }

  async parcel(principal: Principal, trackingNumber: string): Promise<repo.HubParcelRow | null> {
    const p = await repo.findHubShipment(this.db, normaliseS10(trackingNumber));
    if (!p || !p.state) return null;
    if (principal.role !== 'ADMIN' && principal.hubId !== p.hubId) return null;
    return p as repo.HubParcelRow;
  }

  exceptions(principal: Principal, kind: string | undefined, first: number): Promise<repo.HubExceptionRow[]> {
    pageSize(first);
    return repo.listExceptions(this.db, this.scopeHubId(principal), kind, first);
  }

  parcelsByIds(ids: readonly string[]): Promise<repo.HubParcelRow[]> {
    return repo.hubParcelsByIds(this.db, ids);
  }

  parcelsInReceptacle(receptacleId: string): Promise<repo.HubParcelRow[]> {
    return repo.hubParcelsInReceptacles(this.db, [receptacleId]);
  }

  // ---------- receptacles

  private resolveLane(hub: Hub, input: LaneInput): Lane {
    const destinationOffice = input.destinationOffice.trim().toUpperCase();
    const mailCategory = input.mailCategory.trim().toUpperCase();
    const mailSubclass = input.mailSubclass.trim().toUpperCase();
    if (!isOfficeOfExchange(destinationOffice)) throw badInput(`destinationOffice must be a 6-character IMPC office of exchange code, got "${input.destinationOffice}".`);
    if (!isMailCategory(mailCategory)) throw badInput(`mailCategory must be A, B, C or D, got "${input.mailCategory}".`);
    if (!isMailSubclass(mailSubclass)) throw badInput(`mailSubclass must be a class letter (U, C, E, T) and a letter, got "${input.mailSubclass}".`);
    const carrier = this.reference.carrierByCode(input.carrierCode);
    if (!carrier) throw badInput(`No carrier with code ${input.carrierCode}.`);
    if (carrier.officeOfExchange !== destinationOffice) throw badInput(`${carrier.code} takes mail over at ${carrier.officeOfExchange}, not ${destinationOffice}.`);
    return { originOffice: hub.officeOfExchange, destinationOffice, mailCategory, mailSubclass, carrierId: carrier.id };
  }

  async openReceptacle(
    principal: Principal,
    input: LaneInput & { hubCode?: string | null; allowRegisteredMix?: boolean | null; dispatchId?: string | null },
    requestId?: string,
  ): Promise<Typed<repo.ReceptacleRow, 'Receptacle'> | HubRefusal> {
    const hub = this.hubFor(principal, input.hubCode);
    const lane = this.resolveLane(hub, input);
    if (input.dispatchId != null && !isUuid(input.dispatchId)) throw notFound('Dispatch');
    const id = randomUUID();
    return this.inTx(async (tx) => {
      await repo.insertReceptacles(tx, [{
        id, hubId: hub.id, ...lane, allowRegisteredMix: input.allowRegisteredMix ?? false, state: 'OPEN', dispatchId: null, serial: null,
        receptacleNumber: null, itemCount: 0, grossWeightG: 0, registeredCount: 0, dangerousGoodsCount: 0, closedAt: null,
      }]);
      await appendAudit(tx, [{ actor: principal, action: 'hub.receptacle.opened', entityType: 'receptacle', entityId: id, after: { ...lane, state: 'OPEN', allowRegisteredMix: input.allowRegisteredMix ?? false }, requestId }]);
      if (input.dispatchId) await this.assignInTx(tx, principal, id, input.dispatchId, requestId);
      const [row] = await repo.findReceptacles(tx, [id]);
      return typed(row, 'Receptacle');
    });
  }

  async assignToDispatch(principal: Principal, receptacleId: string, dispatchId: string, requestId?: string): Promise<Typed<repo.ReceptacleRow, 'Receptacle'> | HubRefusal> {
    if (!isUuid(receptacleId)) throw notFound('Receptacle');
    if (!isUuid(dispatchId)) throw notFound('Dispatch');
    return this.inTx(async (tx) => {
      await this.assignInTx(tx, principal, receptacleId, dispatchId, requestId);
      const [row] = await repo.findReceptacles(tx, [receptacleId]);
      return typed(row, 'Receptacle');
    });
  }

  private async assignInTx(tx: Queryable, principal: Principal, receptacleId: string, dispatchId: string, requestId?: string): Promise<void> {
    const [r] = await repo.findReceptacles(tx, [receptacleId], true);
    if (!r) throw notFound('Receptacle');
    this.ensureHub(principal, r.hubId, 'Receptacle');
    if (r.state !== 'OPEN') throw new Refused(receptacleNotOpen(r));
    if (r.dispatchId === dispatchId) return;
    const [d] = await repo.findDispatches(tx, [dispatchId], true);
    if (!d || d.hubId !== r.hubId) throw notFound('Dispatch');
    if (r.dispatchId) {
      throw new Refused(refusal('DispatchMismatch', 'DISPATCH_MISMATCH', 'The receptacle already belongs to another dispatch.', { fields: ['dispatch'] }));
    }
    if (d.state !== 'OPEN') throw new Refused(dispatchNotOpen(d));
    const differences = laneDifferences(laneOf(d), laneOf(r));
    if (differences.length) {
      throw new Refused(refusal('DispatchMismatch', 'DISPATCH_MISMATCH', `The receptacle and dispatch ${d.dispatchNumber} differ in ${differences.join(', ')}: every receptacle of a dispatch shares its S8 fields and carrier.`, { fields: differences }));
    }
    const serial = await repo.takeReceptacleSerials(tx, d.id, 1);
    if (serial === undefined) throw new Refused(refusal('DispatchFull', 'DISPATCH_FULL', `Dispatch ${d.dispatchNumber} already has 999 receptacles; open another dispatch.`, { dispatchNumber: d.dispatchNumber }));
    await repo.assignReceptacleToDispatch(tx, r.id, d.id, serial);
    await appendAudit(tx, [{ actor: principal, action: 'hub.receptacle.assigned', entityType: 'receptacle', entityId: r.id, after: { dispatchId: d.id, dispatchNumber: d.dispatchNumber, serial }, requestId }]);
  }

  /** Bags one parcel: the bulk bagging scan with one parcel; answers with the receptacle. */
  async addToReceptacle(principal: Principal, receptacleId: string, trackingNumber: string, requestId?: string): Promise<Typed<repo.ReceptacleRow, 'Receptacle'> | HubRefusal> {
    const outcome = await this.scans.bag(principal, receptacleId, [trackingNumber], requestId);
    if ('errorCode' in outcome) return outcome;
    const [result] = outcome.results;
    return 'errorCode' in result ? (result as HubRefusal) : typed(outcome.receptacle, 'Receptacle');
  }

  async removeFromReceptacle(principal: Principal, receptacleId: string, trackingNumber: string, requestId?: string): Promise<Typed<repo.ReceptacleRow, 'Receptacle'> | HubRefusal> {
    if (!isUuid(receptacleId)) throw notFound('Receptacle');
    const number = normaliseS10(trackingNumber);
    return this.inTx(async (tx) => {
      const [r] = await repo.findReceptacles(tx, [receptacleId], true);
      if (!r) throw notFound('Receptacle');
      this.ensureHub(principal, r.hubId, 'Receptacle');
      if (r.state !== 'OPEN') throw new Refused(receptacleNotOpen(r));
      const p = await repo.findHubShipment(tx, number);
      if (!p || p.receptacleId !== r.id || !(await repo.unbagHubParcel(tx, p.shipmentId, r.id))) {
        throw new Refused(refusal('ParcelNotInReceptacle', 'PARCEL_NOT_IN_RECEPTACLE', `Parcel ${number} is not in this receptacle.`, { trackingNumber: number }));
      }
      hubParcelMachine.assertTransition('BAGGED', 'RECEIVED');
      await repo.adjustReceptacle(tx, r.id, {
        items: -1, grams: -p.receivedWeightG!, registered: this.lanes.isRegistered(p.service) ? -1 : 0, dangerousGoods: isDangerousGoods(p.lithiumBatteries) ? -1 : 0,
      });
      await appendAudit(tx, [{ actor: principal, action: 'hub.parcel.unbagged', entityType: 'shipment', entityId: p.shipmentId, before: { state: 'BAGGED', receptacleId: r.id }, after: { state: 'RECEIVED' }, requestId }]);
      await this.status.changeStatus(tx, [{ shipmentId: p.shipmentId, to: 'RECEIVED_AT_HUB' }], { actor: principal, source: 'hub', requestId, now: this.clock.now() });
      const [updated] = await repo.findReceptacles(tx, [r.id]);
      return typed(updated, 'Receptacle');
    });
  }

  async closeReceptacle(principal: Principal, receptacleId: string, requestId?: string): Promise<Typed<repo.ReceptacleRow, 'Receptacle'> | HubRefusal> {
    if (!isUuid(receptacleId)) throw notFound('Receptacle');
    return this.inTx(async (tx) => {
      const [r] = await repo.findReceptacles(tx, [receptacleId], true);
      if (!r) throw notFound('Receptacle');
      this.ensureHub(principal, r.hubId, 'Receptacle');
      receptacleMachine.assertTransition(r.state, 'CLOSED');
      if (r.itemCount === 0) throw new Refused(refusal('ReceptacleEmpty', 'RECEPTACLE_EMPTY', 'An empty receptacle cannot be closed.', { receptacleId: r.id }));
      if (!r.dispatchId || !r.serial) {
        throw new Refused(refusal('ReceptacleNotInDispatch', 'RECEPTACLE_NOT_IN_DISPATCH', 'Assign the receptacle to a dispatch first: its S9 identifier starts with the dispatch identifier.', { receptacleId: r.id }));
      }
      const [d] = await repo.findDispatches(tx, [r.dispatchId]);
      const s9 = buildS9({ dispatchId: d.dispatchNumber, receptacleSerial: r.serial, highest: false, registered: r.registeredCount > 0, weightGrams: r.grossWeightG });
      await repo.closeReceptacleRow(tx, r.id, s9, this.clock.now());
      await appendAudit(tx, [{ actor: principal, action: 'hub.receptacle.closed', entityType: 'receptacle', entityId: r.id, before: { state: r.state }, after: { state: 'CLOSED', receptacleNumber: s9, itemCount: r.itemCount, grossWeightGrams: r.grossWeightG }, requestId }]);
      const [updated] = await repo.findReceptacles(tx, [r.id]);
      return typed(updated, 'Receptacle');
    });
  }

  receptacle(principal: Principal, id: string): Promise<repo.ReceptacleRow | null> {
    return this.visibleById(principal, id, repo.findReceptacles);
  }

  receptacles(principal: Principal, states: readonly string[] | undefined, first: number): Promise<repo.ReceptacleRow[]> {
    return repo.listReceptacles(this.db, this.scopeHubId(principal), states, pageSize(first));
  }

  receptaclesOfDispatch(dispatchId: string): Promise<repo.ReceptacleRow[]> {
    return repo.receptaclesOfDispatches(this.db, [dispatchId]);
  }

  async receptaclesByIds(ids: readonly string[]): Promise<repo.ReceptacleRow[]> {
    return repo.findReceptacles(this.db, ids);
  }

  // ---------- dispatches

  private yearAt(hub: Hub, at: Date): number {
    return Number(new Intl.DateTimeFormat('en-GB', { timeZone: hub.timezone, year: 'numeric' }).format(at));
  }

  private static transport(input: TransportInput): repo.Transport {
    const flightNumber = input.flightNumber?.trim().toUpperCase() || null;
    if (flightNumber && !/^[A-Z0-9]{2}\d{1,4}[A-Z]?$/.test(flightNumber)) throw badInput(`flightNumber must look like MH1234, got "${input.flightNumber}".`);
    return { mode: input.mode, flightNumber, departureAt: input.departureAt ? input.departureAt.toISOString() : null };
  }

  /** Opens dispatches (S8 serials taken in one statement per key) inside the caller's transaction. */
  private async openDispatchesInTx(tx: Queryable, hub: Hub, lane: Lane, transport: repo.Transport, airWaybill: string | null, sizes: readonly number[]): Promise<repo.NewDispatch[]> {
    if (sizes.length === 0) return [];
    const year = this.yearAt(hub, this.clock.now());
    const key = { originOffice: lane.originOffice, destinationOffice: lane.destinationOffice, mailCategory: lane.mailCategory, mailSubclass: lane.mailSubclass, year };
    const first = await repo.allocateDispatchSerials(tx, key, sizes.length);
    if (first + sizes.length - 1 > MAX_DISPATCH_SERIAL) {
      throw new AppError('DISPATCH_SERIAL_EXHAUSTED', `All ${MAX_DISPATCH_SERIAL} dispatch serials of ${lane.originOffice}→${lane.destinationOffice} ${lane.mailCategory}${lane.mailSubclass} for ${year} are used.`);
    }
    const rows: repo.NewDispatch[] = sizes.map((size, i) => ({
      id: randomUUID(), hubId: hub.id, ...lane, year, serial: first + i,
      dispatchNumber: buildS8({ ...lane, mailCategory: lane.mailCategory as 'A', year, serial: first + i }),
      transport, airWaybill, receptacleCount: size,
    }));
    await repo.insertDispatches(tx, rows);
    return rows;
  }

  async openDispatch(
    principal: Principal,
    input: LaneInput & { hubCode?: string | null; transport: TransportInput; airWaybill?: string | null },
    requestId?: string,
  ): Promise<Typed<repo.DispatchRow, 'Dispatch'> | HubRefusal> {
    const hub = this.hubFor(principal, input.hubCode);
    const lane = this.resolveLane(hub, input);
    const transport = HubService.transport(input.transport);
    let airWaybill: string | null = null;
    if (input.airWaybill) {
      const awb = parseAirWaybill(input.airWaybill);
      if (!awb.valid) return invalidAwb(awb.problem, awb.message);
      airWaybill = awb.parsed.formatted;
    }
    return this.inTx(async (tx) => {
      const [created] = await this.openDispatchesInTx(tx, hub, lane, transport, airWaybill, [0]);
      await appendAudit(tx, [{ actor: principal, action: 'hub.dispatch.opened', entityType: 'dispatch', entityId: created.id, after: { dispatchNumber: created.dispatchNumber, transport, airWaybill }, requestId }]);
      const [row] = await repo.findDispatches(tx, [created.id]);
      return typed(row, 'Dispatch');
    });
  }

  dispatch(principal: Principal, id: string): Promise<repo.DispatchRow | null> {
    return this.visibleById(principal, id, repo.findDispatches);
  }

  dispatches(principal: Principal, states: readonly string[] | undefined, first: number): Promise<repo.DispatchRow[]> {
    return repo.listDispatches(this.db, this.scopeHubId(principal), states, pageSize(first));
  }

  /** One hub row by id, or null when it does not exist or belongs to another hub than the caller's. */
  private async visibleById<T extends { hubId: string }>(principal: Principal, id: string, find: (db: Queryable, ids: string[]) => Promise<T[]>): Promise<T | null> {
    if (!isUuid(id)) return null;
    const [row] = await find(this.db, [id]);
    if (!row || (principal.role !== 'ADMIN' && principal.hubId !== row.hubId)) return null;
    return row;
  }

  async dispatchesByIds(ids: readonly string[]): Promise<repo.DispatchRow[]> {
    return repo.findDispatches(this.db, ids);
  }

  // ---------- documents (CN 35, CN 38, manifest) and dashboard reads

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

  /** A closed receptacle by its S9 identifier, with its dispatch; null when unknown or not the caller's to see. */
  async receptacleByNumber(principal: Principal, receptacleNumber: string): Promise<{ receptacle: repo.ReceptacleRow; dispatch: repo.DispatchRow } | null> {
    const r = await repo.findReceptacleByNumber(this.db, receptacleNumber);
    if (!r || !r.dispatchId || !this.canSeeConsolidation(principal, r)) return null;
    const [d] = await repo.findDispatches(this.db, [r.dispatchId]);
    return d ? { receptacle: r, dispatch: d } : null;
  }

  /** A dispatch by its S8 identifier with its receptacles, parcels and their declarations; null when unknown or not the caller's. */
  async dispatchContents(principal: Principal, dispatchNumber: string): Promise<DispatchContents | null> {
    const d = await repo.findDispatchByNumber(this.db, dispatchNumber);
    if (!d || !this.canSeeConsolidation(principal, d)) return null;
    const receptacles = await repo.receptaclesOfDispatches(this.db, [d.id]);
    const parcels = receptacles.length ? await repo.hubParcelsInReceptacles(this.db, receptacles.map((r) => r.id)) : [];
    const ids = parcels.map((p) => p.shipmentId);
    const [shipments, lines] = ids.length ? await Promise.all([findShipments(this.db, {}, { ids }), linesForShipments(this.db, ids)]) : [[], new Map<string, LineRow[]>()];
    return { dispatch: d, receptacles, parcels, shipments: new Map(shipments.map((s) => [s.id, s])), lines };
  }

  /** Parcels in the hub (not dispatched) of one hub or every hub (null), counted by hours since received between `boundsHours`. */
  dwellBuckets(hubId: string | null, boundsHours: readonly number[], now: Date): Promise<{ bucket: number; count: number }[]> {
    return repo.dwellBuckets(this.db, hubId, boundsHours, now);
  }

  /** Receptacles still open (being filled) at one hub, or at every hub (null), newest first. */
  openReceptacles(hubId: string | null, limit = 500): Promise<repo.ReceptacleRow[]> {
    return repo.listReceptacles(this.db, hubId ?? undefined, ['OPEN'], limit);
  }

  /**
   * Closes a dispatch: the last receptacle gets highest-receptacle indicator 1, contents freeze,
   * the CN 38-style delivery bill and ITMATT-style item data are built, every parcel gets EMC, and
   * the dispatch joins its carrier's handoff queue (outbox `dispatch.closed` + carrier_handoffs).
   */
  async closeDispatch(principal: Principal, dispatchId: string, airWaybillInput?: string | null, requestId?: string): Promise<Typed<repo.DispatchRow, 'Dispatch'> | HubRefusal> {
    if (!isUuid(dispatchId)) throw notFound('Dispatch');
    let airWaybill: string | null = null;
    if (airWaybillInput) {
      const awb = parseAirWaybill(airWaybillInput);
      if (!awb.valid) return invalidAwb(awb.problem, awb.message);
      airWaybill = awb.parsed.formatted;
    }
    return this.inTx(async (tx) => {
      const [d] = await repo.findDispatches(tx, [dispatchId], true);
      if (!d) throw notFound('Dispatch');
      this.ensureHub(principal, d.hubId, 'Dispatch');
      dispatchMachine.assertTransition(d.state, 'CLOSED');
      const receptacles = await repo.receptaclesOfDispatches(tx, [d.id], true);
      if (receptacles.length === 0) throw new Refused(refusal('DispatchEmpty', 'DISPATCH_EMPTY', `Dispatch ${d.dispatchNumber} has no receptacles.`, { dispatchNumber: d.dispatchNumber }));
      const open = receptacles.filter((r) => r.state !== 'CLOSED');
      if (open.length) {
        throw new Refused(refusal('ReceptaclesStillOpen', 'RECEPTACLES_STILL_OPEN', `${open.length} receptacle(s) of dispatch ${d.dispatchNumber} are still open: close or remove them first.`, { receptacleIds: open.map((r) => r.id) }));
      }
      for (const r of receptacles) receptacleMachine.assertTransition(r.state, 'DISPATCHED');
      const last = receptacles.reduce((a, b) => (b.serial! > a.serial! ? b : a));
      const lastNumber = withHighestIndicator(last.receptacleNumber!, true);
      last.receptacleNumber = lastNumber;
      const now = this.clock.now();
      const hub = this.hubById(d.hubId);
      const carrierCode = this.carrierCode(d.carrierId);
      const awb = airWaybill ?? d.airWaybill;

      const parcels = await repo.hubParcelsInReceptacles(tx, receptacles.map((r) => r.id));
      const ids = parcels.map((p) => p.shipmentId);
      const shipments = await findShipments(tx, {}, { ids });
      const lines = await linesForShipments(tx, ids);
      const shipmentById = new Map(shipments.map((s) => [s.id, s]));
      const numberById = new Map(receptacles.map((r) => [r.id, r.receptacleNumber!]));

      const deliveryBill = {
        type: d.mailCategory === 'A' ? 'CN38' : d.mailCategory === 'B' ? 'CN41' : 'CN37',
        dispatchNumber: d.dispatchNumber,
        originOffice: d.originOffice,
        destinationOffice: d.destinationOffice,
        mailCategory: d.mailCategory,
        mailSubclass: d.mailSubclass,
        carrier: carrierCode,
        transport: d.transport,
        airWaybill: awb,
        closedAt: now.toISOString(),
        receptacles: receptacles.map((r) => ({
          receptacleNumber: r.receptacleNumber,
          serial: r.serial,
          weightGrams: r.grossWeightG,
          itemCount: r.itemCount,
          registered: r.registeredCount > 0,
          dangerousGoods: r.dangerousGoodsCount > 0,
          highest: r.id === last.id,
        })),
        totals: {
          receptacles: receptacles.length,
          items: parcels.length,
          weightGrams: receptacles.reduce((sum, r) => sum + r.grossWeightG, 0),
        },
      };
      const itemData = parcels.map((p) => {
        const s = shipmentById.get(p.shipmentId)!;
        return {
          trackingNumber: p.trackingNumber,
          receptacleNumber: numberById.get(p.receptacleId!),
          service: s.service,
          category: s.category,
          categoryExplanation: s.categoryExplanation,
          sender: s.sender,
          addressee: s.addressee,
          grossWeightGrams: s.grossWeightG,
          measuredWeightGrams: p.receivedWeightG,
          totalValue: { amountMinor: s.totalValueMinor, currency: s.currency },
          customsForm: s.customsForm,
          lithiumBatteries: s.lithiumBatteries,
          iossNumber: s.iossNumber,
          contents: (lines.get(p.shipmentId) ?? []).map((l) => ({
            description: l.description, quantity: l.quantity, netWeightGrams: l.netWeightGrams, value: l.value, hsCode: l.hsCode, originCountry: l.originCountry,
          })),
        };
      });

      await tx.query(
        `UPDATE receptacles SET state = 'DISPATCHED', receptacle_number = CASE WHEN id = $2 THEN $3 ELSE receptacle_number END,
                updated_at = now(), version = version + 1 WHERE dispatch_id = $1`,
        [d.id, last.id, lastNumber],
      );
      await tx.query(`UPDATE hub_parcels SET state = 'DISPATCHED', updated_at = now(), version = version + 1 WHERE receptacle_id = ANY($1::uuid[])`, [receptacles.map((r) => r.id)]);
      await tx.query(
        `UPDATE dispatches SET state = 'CLOSED', closed_at = $2, air_waybill = $3, delivery_bill = $4::jsonb, updated_at = now(), version = version + 1 WHERE id = $1`,
        [d.id, now.toISOString(), awb, JSON.stringify(deliveryBill)],
      );
      await appendAudit(tx, [
        { actor: principal, action: 'hub.dispatch.closed', entityType: 'dispatch', entityId: d.id, before: { state: 'OPEN' }, after: { state: 'CLOSED', dispatchNumber: d.dispatchNumber, airWaybill: awb, totals: deliveryBill.totals, lastReceptacle: lastNumber }, requestId },
        ...parcels.map((p) => ({ actor: principal, action: 'hub.parcel.dispatched', entityType: 'shipment', entityId: p.shipmentId, before: { state: 'BAGGED' }, after: { state: 'DISPATCHED', dispatchNumber: d.dispatchNumber }, requestId })),
      ]);
      await this.status.changeStatus(tx, parcels.map((p) => ({
        shipmentId: p.shipmentId, to: 'DISPATCHED',
        events: [{ code: 'EMC', occurredAt: now, office: hub.officeOfExchange, countryCode: hub.countryCode, source: 'hub', detail: { dispatchNumber: d.dispatchNumber, receptacleNumber: numberById.get(p.receptacleId!) } }],
      })), { actor: principal, source: 'hub', requestId, now });
      await enqueueOutbox(tx, [{
        topic: 'dispatch.closed', aggregateType: 'dispatch', aggregateId: d.id, carrierId: d.carrierId,
        payload: { dispatchNumber: d.dispatchNumber, carrier: carrierCode, deliveryBill, items: itemData },
      }]);
      await tx.query(`INSERT INTO carrier_handoffs (dispatch_id, carrier_id, state) VALUES ($1, $2, 'READY')`, [d.id, d.carrierId]);
      const [row] = await repo.findDispatches(tx, [d.id]);
      return typed(row, 'Dispatch');
    });
  }

  // ---------- auto-consolidation

  /**
   * Bags every released, received, unbagged parcel of a hub (optionally of one lane, received by a
   * cutoff) into closed receptacles per lane, first-fit decreasing under the weight limit, and puts
   * them into the lane's open dispatches, opening new ones as needed. Set-based: one query loads the
   * candidates, one statement per table writes the result. Dispatches stay open: closing one means
   * the bags physically leave (EMC), which is the operator's closeDispatch with flight and AWB.
   */
  async consolidate(actor: Actor, principal: Principal | null, input: ConsolidateInput, requestId?: string, timings?: Record<string, number>): Promise<ConsolidationResult> {
    let mark = performance.now();
    const step = (name: string) => {
      if (!timings) return;
      const now = performance.now();
      timings[name] = Math.round(now - mark);
      mark = now;
    };
    const hub = principal ? this.hubFor(principal, input.hubCode) : input.hubCode ? this.reference.hubByCode(input.hubCode) : this.reference.hubs[0];
    if (!hub) throw badInput(`No hub with code ${input.hubCode}.`);
    let laneFilter: Partial<Lane> = {};
    if (input.lane) {
      const l = input.lane;
      const carrier = l.carrierCode ? this.reference.carrierByCode(l.carrierCode) : undefined;
      if (l.carrierCode && !carrier) throw badInput(`No carrier with code ${l.carrierCode}.`);
      laneFilter = {
        destinationOffice: l.destinationOffice?.toUpperCase() || undefined,
        mailCategory: l.mailCategory?.toUpperCase() || undefined,
        mailSubclass: l.mailSubclass?.toUpperCase() || undefined,
        carrierId: carrier?.id,
      };
    }
    const transport = HubService.transport(input.transport ?? { mode: 'AIR' });
    const cutoff = input.cutoff ?? this.clock.now();

    return this.db.transaction(async (tx) => {
      // SKIP LOCKED: a parcel being bagged by hand right now is left to that scan.
      const rows = await tx.query<{ id: string; tn: string; w: number; dc: string; sv: string; li: string }>(
        `SELECT hp.shipment_id AS id, s.tracking_number AS tn, hp.received_weight_g AS w, s.destination_country AS dc, s.service AS sv, s.lithium_batteries AS li
           FROM hub_parcels hp JOIN shipments s ON s.id = hp.shipment_id
          WHERE hp.hub_id = $1 AND hp.state = 'RECEIVED' AND hp.receptacle_id IS NULL AND hp.received_at <= $2 AND s.customs_status = 'RELEASED'
          FOR UPDATE OF hp SKIP LOCKED`,
        [hub.id, cutoff.toISOString()],
      );
      step('load candidates');
      const lanesByKey = new Map<string, Lane>();
      const candidates: Candidate[] = [];
      const withoutLane: string[] = [];
      const numberById = new Map<string, string>();
      for (const r of rows) {
        const lane = this.lanes.laneFor(hub, r.dc, r.sv);
        if (!lane) {
          withoutLane.push(r.tn);
          continue;
        }
        if (!matchesFilter(lane, laneFilter)) continue;
        const key = laneKey(lane);
        lanesByKey.set(key, lane);
        numberById.set(r.id, r.tn);
        candidates.push({ id: r.id, weightG: r.w, laneKey: key, dangerousGoods: isDangerousGoods(r.li), registered: this.lanes.isRegistered(r.sv) });
      }
      const plan = planReceptacles(candidates, this.config.receptacleMaxWeightGrams);
      const oversized = plan.oversized.map((id) => numberById.get(id)!);
      step('pack');

      // Dispatches per lane: room in open ones first, then new ones.
      const openDispatches = plan.receptacles.length ? await repo.openDispatchesOfHub(tx, hub.id, true) : [];
      const slots: { dispatchId: string; dispatchNumber: string; serial: number }[][] = [];
      const touched = new Set<string>();
      const byLane = new Map<string, number[]>();
      plan.receptacles.forEach((r, i) => byLane.set(r.laneKey, [...(byLane.get(r.laneKey) ?? []), i]));
      const growth: { id: string; take: number }[] = [];
      for (const [key, indexes] of byLane) {
        const lane = lanesByKey.get(key)!;
        const open = openDispatches.filter((d) => sameLane(laneOf(d), lane));
        const split = assignToDispatches(indexes.length, open);
        const created = await this.openDispatchesInTx(tx, hub, lane, transport, null, split.newDispatchSizes);
        const laneSlots: { dispatchId: string; dispatchNumber: string; serial: number }[] = [];
        for (const e of split.existing) {
          const d = open.find((o) => o.id === e.id)!;
          for (let k = 1; k <= e.take; k += 1) laneSlots.push({ dispatchId: d.id, dispatchNumber: d.dispatchNumber, serial: d.receptacleCount + k });
          growth.push(e);
          touched.add(d.id);
        }
        for (const d of created) {
          for (let k = 1; k <= d.receptacleCount; k += 1) laneSlots.push({ dispatchId: d.id, dispatchNumber: d.dispatchNumber, serial: k });
          touched.add(d.id);
        }
        indexes.forEach((planIndex, k) => {
          slots[planIndex] = [laneSlots[k]];
        });
      }
      if (growth.length) {
        await tx.query(
          `UPDATE dispatches d SET receptacle_count = d.receptacle_count + u.take, updated_at = now(), version = d.version + 1
             FROM unnest($1::uuid[], $2::int[]) AS u(id, take) WHERE d.id = u.id`,
          [growth.map((g) => g.id), growth.map((g) => g.take)],
        );
      }

      const now = this.clock.now();
      const newReceptacles: repo.NewReceptacle[] = plan.receptacles.map((p, i) => {
        const slot = slots[i][0];
        const lane = lanesByKey.get(p.laneKey)!;
        return {
          id: randomUUID(), hubId: hub.id, ...lane, allowRegisteredMix: false, state: 'CLOSED', dispatchId: slot.dispatchId, serial: slot.serial,
          receptacleNumber: buildS9({ dispatchId: slot.dispatchNumber, receptacleSerial: slot.serial, highest: false, registered: p.registered, weightGrams: p.weightG }),
          itemCount: p.items.length, grossWeightG: p.weightG, registeredCount: p.registered ? p.items.length : 0, dangerousGoodsCount: p.dangerousGoods ? p.items.length : 0,
          closedAt: now,
        };
      });
      step('dispatches');
      await repo.insertReceptacles(tx, newReceptacles);
      step('insert receptacles');
      const parcelIds: string[] = [];
      const parcelReceptacles: string[] = [];
      plan.receptacles.forEach((p, i) => {
        for (const id of p.items) {
          parcelIds.push(id);
          parcelReceptacles.push(newReceptacles[i].id);
        }
      });
      if (parcelIds.length) {
        await tx.query(
          `UPDATE hub_parcels hp SET receptacle_id = u.r, state = 'BAGGED', updated_at = now(), version = hp.version + 1
             FROM unnest($1::uuid[], $2::uuid[]) AS u(s, r) WHERE hp.shipment_id = u.s`,
          [parcelIds, parcelReceptacles],
        );
        step('update hub_parcels');
      }
      await appendAudit(tx, [
        {
          actor, action: 'hub.consolidated', entityType: 'hub', entityId: hub.id,
          after: { cutoff: cutoff.toISOString(), lane: input.lane ?? null, parcels: parcelIds.length, receptacles: newReceptacles.length, dispatches: [...touched], oversized, withoutLane: withoutLane.length },
          requestId,
        },
        ...newReceptacles.map((r) => ({
          actor, action: 'hub.receptacle.closed', entityType: 'receptacle', entityId: r.id,
          after: { state: 'CLOSED', receptacleNumber: r.receptacleNumber, itemCount: r.itemCount, grossWeightGrams: r.grossWeightG, dispatchId: r.dispatchId }, requestId,
        })),
      ]);
      // One audit record per parcel, built in SQL: 100,000 rows without shipping 100,000 JSON documents.
      await repo.appendBaggedAudit(tx, actor, parcelIds, parcelReceptacles, requestId);
      step('audit');
      await this.status.changeStatus(tx, parcelIds.map((id) => ({ shipmentId: id, to: 'BAGGED' })), { actor, source: 'hub', requestId, now });
      step('shipment status');
      const dispatches = touched.size ? await repo.findDispatches(tx, [...touched]) : [];
      return { parcelsBagged: parcelIds.length, receptacles: newReceptacles.length ? await repo.findReceptacles(tx, newReceptacles.map((r) => r.id)) : [], dispatches, oversized, withoutLane };
    });
  }

  // ---------- dwell time

  /**
   * Raises one alert per parcel and threshold for every parcel still in the hub longer than a
   * configured threshold: set-based, one INSERT … SELECT, with an outbox message to the seller and
   * an audit record per alert in the same transaction. Returns what it raised.
   */
  async checkDwell(now: Date = this.clock.now()): Promise<{ alerts: number }> {
    const thresholds = this.config.hubDwellThresholdsHours;
    if (thresholds.length === 0) return { alerts: 0 };
    return this.db.transaction(async (tx) => {
      const raised = await tx.query<{ shipmentId: string; thresholdHours: number; hubId: string; receivedAt: Date; trackingNumber: string; sellerOrgId: string; state: string; locationCode: string }>(
        `WITH inserted AS (
           INSERT INTO hub_dwell_alerts (shipment_id, threshold_hours, hub_id, received_at, raised_at)
           SELECT hp.shipment_id, t.h, hp.hub_id, hp.received_at, $2::timestamptz
             FROM hub_parcels hp CROSS JOIN unnest($1::int[]) AS t(h)
            WHERE hp.state <> 'DISPATCHED' AND hp.received_at <= $2::timestamptz - make_interval(hours => t.h)
           ON CONFLICT DO NOTHING
           RETURNING shipment_id, threshold_hours, hub_id, received_at)
         SELECT i.shipment_id AS "shipmentId", i.threshold_hours AS "thresholdHours", i.hub_id AS "hubId", i.received_at AS "receivedAt",
                s.tracking_number AS "trackingNumber", s.seller_org_id AS "sellerOrgId", hp.state, hp.location_code AS "locationCode"
           FROM inserted i JOIN shipments s ON s.id = i.shipment_id JOIN hub_parcels hp ON hp.shipment_id = i.shipment_id`,
        [thresholds, now.toISOString()],
      );
      const actor: Actor = { kind: 'system', name: 'system:hub-dwell' };
      await appendAudit(tx, raised.map((a) => ({
        actor, action: 'hub.dwell_alert', entityType: 'shipment', entityId: a.shipmentId,
        after: { thresholdHours: a.thresholdHours, receivedAt: new Date(a.receivedAt).toISOString(), state: a.state, locationCode: a.locationCode },
      })));
      await enqueueOutbox(tx, raised.map((a) => ({
        topic: 'hub.dwell_exceeded', aggregateType: 'shipment', aggregateId: a.shipmentId, sellerOrgId: a.sellerOrgId,
        payload: { trackingNumber: a.trackingNumber, thresholdHours: a.thresholdHours, receivedAt: new Date(a.receivedAt).toISOString(), raisedAt: now.toISOString() },
      })));
      return { alerts: raised.length };
    });
  }

  async dwellAlerts(principal: Principal, minThresholdHours: number | undefined, first: number): Promise<repo.DwellAlertRow[]> {
    pageSize(first);
    const params: unknown[] = [];
    const where = [`hp.state <> 'DISPATCHED'`];
    const hubId = this.scopeHubId(principal);
    if (hubId) {
      params.push(hubId);
      where.push(`a.hub_id = $${params.length}`);
    }
    if (minThresholdHours !== undefined) {
      params.push(minThresholdHours);
      where.push(`a.threshold_hours >= $${params.length}`);
    }
    params.push(first);
    return this.db.query<repo.DwellAlertRow>(
      `SELECT a.shipment_id AS "shipmentId", s.tracking_number AS "trackingNumber", a.threshold_hours AS "thresholdHours", a.hub_id AS "hubId",
              a.received_at AS "receivedAt", a.raised_at AS "raisedAt", hp.state, hp.location_code AS "locationCode"
         FROM hub_dwell_alerts a JOIN hub_parcels hp ON hp.shipment_id = a.shipment_id JOIN shipments s ON s.id = a.shipment_id
        WHERE ${where.join(' AND ')} ORDER BY a.received_at, a.shipment_id, a.threshold_hours LIMIT $${params.length}`,
      params,
    );
  }
}

function matchesFilter(lane: Lane, filter: Partial<Lane>): boolean {
  return (Object.keys(filter) as (keyof Lane)[]).every((k) => filter[k] === undefined || filter[k] === lane[k]);
}

export function laneOf(row: { originOffice: string; destinationOffice: string; mailCategory: string; mailSubclass: string; carrierId: string }): Lane {
  return { originOffice: row.originOffice, destinationOffice: row.destinationOffice, mailCategory: row.mailCategory, mailSubclass: row.mailSubclass, carrierId: row.carrierId };
}

function dispatchNotOpen(d: repo.DispatchRow): HubRefusal {
  return refusal('DispatchNotOpen', 'DISPATCH_NOT_OPEN', `Dispatch ${d.dispatchNumber} is ${d.state}.`, { dispatchNumber: d.dispatchNumber, state: d.state });
}

function invalidAwb(problem: string, message: string): HubRefusal {
  return refusal('InvalidAirWaybill', 'INVALID_AIR_WAYBILL', message, { problem });
}

export function encodeInventoryCursor(row: { receivedAt: Date; shipmentId: string }): string {
  return encodeCursor([new Date(row.receivedAt), row.shipmentId]);
}
