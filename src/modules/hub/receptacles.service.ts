import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import { rollback, typed, type Typed } from '../../platform/failure.js';
import { isUuid } from '../../platform/ids.js';
import { pageSize } from '../../platform/pagination.js';
import { inTransaction } from '../../platform/transaction.js';
import { buildS9 } from '../../standards/s9.js';
import { normaliseS10 } from '../../standards/s10.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Principal } from '../auth/principal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import * as dispatchesRepo from './dispatches.repository.js';
import { dispatchNotOpen, refusal, type HubRefusal } from './hub.errors.js';
import { laneOf, resolveLane, type LaneInput } from './hub-inputs.js';
import * as hubRepo from './hub.repository.js';
import type { ReceptacleRow } from './hub.repository.js';
import type { HubScope } from './hub-scope.js';
import { hubParcelMachine, receptacleMachine } from './hub.state-machine.js';
import { isDangerousGoods, laneDifferences, type Lanes } from './lanes.js';
import * as repo from './receptacles.repository.js';
import { receptacleNotOpen } from './scans.service.js';

export type ReceptacleResult = Typed<ReceptacleRow, 'Receptacle'> | HubRefusal;

/** Receptacles (bags) opened by hand: open, assign to a dispatch, take a parcel out, close; and their reads. */
export class HubReceptacles {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly scope: HubScope,
    private readonly lanes: Lanes,
    private readonly status: ShipmentStatusPort,
    private readonly clock: Clock,
  ) {}

  async open(
    principal: Principal,
    input: LaneInput & { hubCode?: string | null; allowRegisteredMix?: boolean | null; dispatchId?: string | null },
    requestId?: string,
  ): Promise<ReceptacleResult> {
    const hub = this.scope.hubFor(principal, input.hubCode);
    const lane = resolveLane(this.reference, hub, input);
    if (input.dispatchId != null && !isUuid(input.dispatchId)) throw notFound('Dispatch');
    const id = randomUUID();
    return inTransaction<ReceptacleResult, HubRefusal>(this.db, async (tx) => {
      await repo.insertReceptacles(tx, [{
        id, hubId: hub.id, ...lane, allowRegisteredMix: input.allowRegisteredMix ?? false, state: 'OPEN', dispatchId: null, serial: null,
        receptacleNumber: null, itemCount: 0, grossWeightG: 0, registeredCount: 0, dangerousGoodsCount: 0, closedAt: null,
      }]);
      await appendAudit(tx, [{ actor: principal, action: 'hub.receptacle.opened', entityType: 'receptacle', entityId: id, after: { ...lane, state: 'OPEN', allowRegisteredMix: input.allowRegisteredMix ?? false }, requestId }]);
      if (input.dispatchId) await this.assignInTx(tx, principal, id, input.dispatchId, requestId);
      return this.answer(tx, id);
    });
  }

  async assignToDispatch(principal: Principal, receptacleId: string, dispatchId: string, requestId?: string): Promise<ReceptacleResult> {
    if (!isUuid(receptacleId)) throw notFound('Receptacle');
    if (!isUuid(dispatchId)) throw notFound('Dispatch');
    return inTransaction<ReceptacleResult, HubRefusal>(this.db, async (tx) => {
      await this.assignInTx(tx, principal, receptacleId, dispatchId, requestId);
      return this.answer(tx, receptacleId);
    });
  }

  private async assignInTx(tx: Queryable, principal: Principal, receptacleId: string, dispatchId: string, requestId?: string): Promise<void> {
    const [r] = await repo.findReceptacles(tx, [receptacleId], true);
    if (!r) throw notFound('Receptacle');
    this.scope.ensureHub(principal, r.hubId, 'Receptacle');
    if (r.state !== 'OPEN') rollback(receptacleNotOpen(r));
    if (r.dispatchId === dispatchId) return;
    const [d] = await dispatchesRepo.findDispatches(tx, [dispatchId], true);
    if (!d || d.hubId !== r.hubId) throw notFound('Dispatch');
    if (r.dispatchId) {
      rollback(refusal('DispatchMismatch', 'DISPATCH_MISMATCH', 'The receptacle already belongs to another dispatch.', { fields: ['dispatch'] }));
    }
    if (d.state !== 'OPEN') rollback(dispatchNotOpen(d));
    const differences = laneDifferences(laneOf(d), laneOf(r));
    if (differences.length) {
      rollback(refusal('DispatchMismatch', 'DISPATCH_MISMATCH', `The receptacle and dispatch ${d.dispatchNumber} differ in ${differences.join(', ')}: every receptacle of a dispatch shares its S8 fields and carrier.`, { fields: differences }));
    }
    const now = this.clock.now();
    const serial = await dispatchesRepo.takeReceptacleSerials(tx, d.id, 1, now);
    if (serial === undefined) rollback(refusal('DispatchFull', 'DISPATCH_FULL', `Dispatch ${d.dispatchNumber} already has 999 receptacles; open another dispatch.`, { dispatchNumber: d.dispatchNumber }));
    await repo.assignReceptacleToDispatch(tx, r.id, d.id, serial, now);
    await appendAudit(tx, [{ actor: principal, action: 'hub.receptacle.assigned', entityType: 'receptacle', entityId: r.id, after: { dispatchId: d.id, dispatchNumber: d.dispatchNumber, serial }, requestId }]);
  }

  async removeParcel(principal: Principal, receptacleId: string, trackingNumber: string, requestId?: string): Promise<ReceptacleResult> {
    if (!isUuid(receptacleId)) throw notFound('Receptacle');
    const number = normaliseS10(trackingNumber);
    return inTransaction<ReceptacleResult, HubRefusal>(this.db, async (tx) => {
      const r = await this.lockOpen(tx, principal, receptacleId);
      const p = await hubRepo.findHubShipment(tx, number);
      const now = this.clock.now();
      if (!p || p.receptacleId !== r.id || !(await hubRepo.unbagHubParcel(tx, p.shipmentId, r.id, now))) {
        rollback(refusal('ParcelNotInReceptacle', 'PARCEL_NOT_IN_RECEPTACLE', `Parcel ${number} is not in this receptacle.`, { trackingNumber: number }));
      }
      hubParcelMachine.assertTransition('BAGGED', 'RECEIVED');
      await repo.adjustReceptacle(tx, r.id, {
        items: -1, grams: -p.receivedWeightG!, registered: this.lanes.isRegistered(p.service) ? -1 : 0, dangerousGoods: isDangerousGoods(p.lithiumBatteries) ? -1 : 0,
      }, now);
      await appendAudit(tx, [{ actor: principal, action: 'hub.parcel.unbagged', entityType: 'shipment', entityId: p.shipmentId, before: { state: 'BAGGED', receptacleId: r.id }, after: { state: 'RECEIVED' }, requestId }]);
      await this.status.changeStatus(tx, [{ shipmentId: p.shipmentId, to: 'RECEIVED_AT_HUB' }], { actor: principal, source: 'hub', requestId, now });
      return this.answer(tx, r.id);
    });
  }

  async close(principal: Principal, receptacleId: string, requestId?: string): Promise<ReceptacleResult> {
    if (!isUuid(receptacleId)) throw notFound('Receptacle');
    return inTransaction<ReceptacleResult, HubRefusal>(this.db, async (tx) => {
      const [r] = await repo.findReceptacles(tx, [receptacleId], true);
      if (!r) throw notFound('Receptacle');
      this.scope.ensureHub(principal, r.hubId, 'Receptacle');
      receptacleMachine.assertTransition(r.state, 'CLOSED');
      if (r.itemCount === 0) rollback(refusal('ReceptacleEmpty', 'RECEPTACLE_EMPTY', 'An empty receptacle cannot be closed.', { receptacleId: r.id }));
      if (!r.dispatchId || !r.serial) {
        rollback(refusal('ReceptacleNotInDispatch', 'RECEPTACLE_NOT_IN_DISPATCH', 'Assign the receptacle to a dispatch first: its S9 identifier starts with the dispatch identifier.', { receptacleId: r.id }));
      }
      const [d] = await dispatchesRepo.findDispatches(tx, [r.dispatchId]);
      const s9 = buildS9({ dispatchId: d.dispatchNumber, receptacleSerial: r.serial, highest: false, registered: r.registeredCount > 0, weightGrams: r.grossWeightG });
      const now = this.clock.now();
      await repo.closeReceptacleRow(tx, r.id, s9, now, now);
      await appendAudit(tx, [{ actor: principal, action: 'hub.receptacle.closed', entityType: 'receptacle', entityId: r.id, before: { state: r.state }, after: { state: 'CLOSED', receptacleNumber: s9, itemCount: r.itemCount, grossWeightGrams: r.grossWeightG }, requestId }]);
      return this.answer(tx, r.id);
    });
  }

  /** The receptacle, locked, of the caller's hub and still open (refused otherwise). */
  private async lockOpen(tx: Queryable, principal: Principal, receptacleId: string): Promise<ReceptacleRow> {
    const [r] = await repo.findReceptacles(tx, [receptacleId], true);
    if (!r) throw notFound('Receptacle');
    this.scope.ensureHub(principal, r.hubId, 'Receptacle');
    if (r.state !== 'OPEN') rollback(receptacleNotOpen(r));
    return r;
  }

  private async answer(tx: Queryable, id: string): Promise<Typed<ReceptacleRow, 'Receptacle'>> {
    const [row] = await repo.findReceptacles(tx, [id]);
    return typed(row, 'Receptacle');
  }

  // ---------- reads

  get(principal: Principal, id: string): Promise<ReceptacleRow | null> {
    return this.scope.visibleById(this.db, principal, id, repo.findReceptacles);
  }

  list(principal: Principal, states: readonly string[] | undefined, first: number, hubCode?: string | null): Promise<ReceptacleRow[]> {
    return repo.listReceptacles(this.db, this.scope.scopeHubId(principal, hubCode), states, pageSize(first));
  }

  ofDispatch(dispatchId: string): Promise<ReceptacleRow[]> {
    return repo.receptaclesOfDispatches(this.db, [dispatchId]);
  }

  byIds(ids: readonly string[]): Promise<ReceptacleRow[]> {
    return repo.findReceptacles(this.db, ids);
  }

  /** Receptacles still open (being filled) at one hub, or at every hub (null), newest first. */
  openAt(hubId: string | null, limit = 500): Promise<ReceptacleRow[]> {
    return repo.listReceptacles(this.db, hubId ?? undefined, ['OPEN'], limit);
  }
}
