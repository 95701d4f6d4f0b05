import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.js';
import { JsonText } from '../../db/json-text.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import { rollback, typed, type Typed } from '../../platform/failure.js';
import { isUuid } from '../../platform/ids.js';
import { pageSize } from '../../platform/pagination.js';
import { inTransaction } from '../../platform/transaction.js';
import { parseAirWaybill } from '../../standards/air-waybill.js';
import { buildS8, MAX_DISPATCH_SERIAL } from '../../standards/s8.js';
import { withHighestIndicator } from '../../standards/s9.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Principal } from '../auth/principal.js';
import { enqueueOutbox } from '../outbox/outbox.repository.js';
import type { Hub, ReferenceData } from '../reference/reference.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import { findShipments, linesForShipments } from '../shipments/shipments.repository.js';
import type { CarrierHandoffPort } from './carrier-handoff.port.js';
import { deliveryBill, itemData } from './dispatch-papers.js';
import * as repo from './dispatches.repository.js';
import { invalidAwb, refusal, type HubRefusal } from './hub.errors.js';
import { parseTransport, resolveLane, type LaneInput, type TransportInput } from './hub-inputs.js';
import * as hubRepo from './hub.repository.js';
import type { DispatchRow, Transport } from './hub.repository.js';
import type { HubScope } from './hub-scope.js';
import { dispatchMachine, receptacleMachine } from './hub.state-machine.js';
import type { Lane } from './lanes.js';
import * as receptaclesRepo from './receptacles.repository.js';

export type DispatchResult = Typed<DispatchRow, 'Dispatch'> | HubRefusal;

/** Dispatches (S8): opened by hand or by consolidation, closed when the bags leave; and their reads. */
export class HubDispatches {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly scope: HubScope,
    private readonly status: ShipmentStatusPort,
    private readonly handoffs: CarrierHandoffPort,
    private readonly clock: Clock,
  ) {}

  /** Opens dispatches (S8 serials taken in one statement per key) inside the caller's transaction. */
  async openInTx(tx: Queryable, hub: Hub, lane: Lane, transport: Transport, airWaybill: string | null, sizes: readonly number[]): Promise<repo.NewDispatch[]> {
    if (sizes.length === 0) return [];
    const year = yearAt(hub, this.clock.now());
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

  async open(
    principal: Principal,
    input: LaneInput & { hubCode?: string | null; transport: TransportInput; airWaybill?: string | null },
    requestId?: string,
  ): Promise<DispatchResult> {
    const hub = this.scope.hubFor(principal, input.hubCode);
    const lane = resolveLane(this.reference, hub, input);
    const transport = parseTransport(input.transport);
    const airWaybill = checkedAirWaybill(input.airWaybill);
    if (airWaybill !== null && typeof airWaybill === 'object') return airWaybill;
    return inTransaction<DispatchResult, HubRefusal>(this.db, async (tx) => {
      const [created] = await this.openInTx(tx, hub, lane, transport, airWaybill, [0]);
      await appendAudit(tx, [{ actor: principal, action: 'hub.dispatch.opened', entityType: 'dispatch', entityId: created.id, after: { dispatchNumber: created.dispatchNumber, transport, airWaybill }, requestId }]);
      const [row] = await repo.findDispatches(tx, [created.id]);
      return typed(row, 'Dispatch');
    });
  }

  /**
   * Closes a dispatch: the last receptacle gets highest-receptacle indicator 1, contents freeze,
   * the CN 38-style delivery bill and ITMATT-style item data are built, every parcel gets EMC, and
   * the dispatch joins its carrier's handoff queue (outbox `dispatch.closed` + the carriers' handoff port).
   */
  async close(principal: Principal, dispatchId: string, airWaybillInput?: string | null, requestId?: string): Promise<DispatchResult> {
    if (!isUuid(dispatchId)) throw notFound('Dispatch');
    const airWaybill = checkedAirWaybill(airWaybillInput);
    if (airWaybill !== null && typeof airWaybill === 'object') return airWaybill;
    return inTransaction<DispatchResult, HubRefusal>(this.db, async (tx) => {
      const [d] = await repo.findDispatches(tx, [dispatchId], true);
      if (!d) throw notFound('Dispatch');
      this.scope.ensureHub(principal, d.hubId, 'Dispatch');
      dispatchMachine.assertTransition(d.state, 'CLOSED');
      const receptacles = await receptaclesRepo.receptaclesOfDispatches(tx, [d.id], true);
      if (receptacles.length === 0) rollback(refusal('DispatchEmpty', 'DISPATCH_EMPTY', `Dispatch ${d.dispatchNumber} has no receptacles.`, { dispatchNumber: d.dispatchNumber }));
      const open = receptacles.filter((r) => r.state !== 'CLOSED');
      if (open.length) {
        rollback(refusal('ReceptaclesStillOpen', 'RECEPTACLES_STILL_OPEN', `${open.length} receptacle(s) of dispatch ${d.dispatchNumber} are still open: close or remove them first.`, { receptacleIds: open.map((r) => r.id) }));
      }
      for (const r of receptacles) receptacleMachine.assertTransition(r.state, 'DISPATCHED');
      const last = receptacles.reduce((a, b) => (b.serial! > a.serial! ? b : a));
      const lastNumber = withHighestIndicator(last.receptacleNumber!, true);
      last.receptacleNumber = lastNumber;
      const now = this.clock.now();
      const hub = this.reference.hubById(d.hubId)!;
      const carrierCode = this.reference.carriers.find((c) => c.id === d.carrierId)?.code ?? d.carrierId;
      const awb = airWaybill ?? d.airWaybill;

      const parcels = await hubRepo.hubParcelsInReceptacles(tx, receptacles.map((r) => r.id));
      const ids = parcels.map((p) => p.shipmentId);
      const shipments = await findShipments(tx, {}, { ids });
      const lines = await linesForShipments(tx, ids);
      const numberById = new Map(receptacles.map((r) => [r.id, r.receptacleNumber!]));
      const bill = deliveryBill(d, receptacles, parcels, { carrier: carrierCode, airWaybill: awb, closedAt: now, lastId: last.id });
      const items = itemData(parcels, new Map(shipments.map((s) => [s.id, s])), lines, numberById);

      await receptaclesRepo.dispatchReceptacles(tx, d.id, last.id, lastNumber, now);
      await hubRepo.dispatchHubParcels(tx, receptacles.map((r) => r.id), now);
      await repo.closeDispatchRow(tx, d.id, now, awb, bill, now);
      await appendAudit(tx, [
        { actor: principal, action: 'hub.dispatch.closed', entityType: 'dispatch', entityId: d.id, before: { state: 'OPEN' }, after: { state: 'CLOSED', dispatchNumber: d.dispatchNumber, airWaybill: awb, totals: bill.totals, lastReceptacle: lastNumber }, requestId },
        ...parcels.map((p) => ({ actor: principal, action: 'hub.parcel.dispatched', entityType: 'shipment', entityId: p.shipmentId, before: { state: 'BAGGED' }, after: { state: 'DISPATCHED', dispatchNumber: d.dispatchNumber }, requestId })),
      ]);
      await this.status.changeStatus(tx, parcels.map((p) => ({
        shipmentId: p.shipmentId, to: 'DISPATCHED',
        events: [{ code: 'EMC', occurredAt: now, office: hub.officeOfExchange, countryCode: hub.countryCode, source: 'hub', detail: { dispatchNumber: d.dispatchNumber, receptacleNumber: numberById.get(p.receptacleId!) } }],
      })), { actor: principal, source: 'hub', requestId, now });
      const advance = { dispatchNumber: d.dispatchNumber, carrier: carrierCode, deliveryBill: bill, items };
      const advanceJson = JsonText.of(advance);
      await enqueueOutbox(tx, [{ topic: 'dispatch.closed', aggregateType: 'dispatch', aggregateId: d.id, carrierId: d.carrierId, payload: advanceJson }]);
      await this.handoffs.dispatchClosed(tx, { dispatchId: d.id, carrierId: d.carrierId, advance, advanceJson });
      const [row] = await repo.findDispatches(tx, [d.id]);
      return typed(row, 'Dispatch');
    });
  }

  // ---------- reads

  get(principal: Principal, id: string): Promise<DispatchRow | null> {
    return this.scope.visibleById(this.db, principal, id, repo.findDispatches);
  }

  list(principal: Principal, states: readonly string[] | undefined, first: number, hubCode?: string | null): Promise<DispatchRow[]> {
    return repo.listDispatches(this.db, this.scope.scopeHubId(principal, hubCode), states, pageSize(first));
  }

  byIds(ids: readonly string[]): Promise<DispatchRow[]> {
    return repo.findDispatches(this.db, ids);
  }
}

/** The year of an S8 serial: the hub's local year. */
function yearAt(hub: Hub, at: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: hub.timezone, year: 'numeric' }).format(at));
}

/** The formatted air waybill, null when none was given, or the refusal of a malformed one. */
function checkedAirWaybill(input: string | null | undefined): string | null | HubRefusal {
  if (!input) return null;
  const awb = parseAirWaybill(input);
  return awb.valid ? awb.parsed.formatted : invalidAwb(awb.problem, awb.message);
}
