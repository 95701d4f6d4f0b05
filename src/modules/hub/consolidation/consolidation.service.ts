import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/database.js';
import type { Clock } from '../../../platform/clock.js';
import { badInput } from '../../../platform/errors.js';
import { buildS9 } from '../../../standards/s9.js';
import { appendAudit, appendAuditForEach } from '../../audit/audit.repository.js';
import type { Actor, Principal } from '../../auth/principal.js';
import type { ReferenceData } from '../../reference/reference.service.js';
import type { ShipmentStatusPort } from '../../shipments/shipment-status.port.js';
import type { RowLocking } from '../../shipments/shipments.repository.js';
import type { HubDispatches } from '../dispatches.service.js';
import * as dispatchesRepo from '../dispatches.repository.js';
import { laneOf, parseTransport, type LaneInput, type TransportInput } from '../hub-inputs.js';
import * as hubRepo from '../hub.repository.js';
import type { DispatchRow, ReceptacleRow } from '../hub.repository.js';
import type { HubScope } from '../hub-scope.js';
import { isDangerousGoods, laneKey, sameLane, type Lane, type Lanes } from '../lanes.js';
import * as receptaclesRepo from '../receptacles.repository.js';
import { assignToDispatches, planReceptacles, type Candidate } from './plan.js';

export interface ConsolidateInput {
  hubCode?: string | null;
  lane?: { [K in keyof LaneInput]?: string | null } | null;
  cutoff?: Date | null;
  transport?: TransportInput | null;
}

export interface ConsolidationResult {
  parcelsBagged: number;
  receptacles: ReceptacleRow[];
  dispatches: DispatchRow[];
  oversized: string[];
  withoutLane: string[];
}

type Slot = { dispatchId: string; dispatchNumber: string; serial: number };

/** Auto-consolidation: bags a hub's waiting parcels into closed receptacles in open dispatches. */
export class HubConsolidation {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly scope: HubScope,
    private readonly lanes: Lanes,
    private readonly receptacleMaxWeightGrams: number,
    private readonly dispatches: HubDispatches,
    private readonly status: ShipmentStatusPort,
    private readonly clock: Clock,
    private readonly locking: RowLocking,
  ) {}

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
    const hub = principal ? this.scope.hubFor(principal, input.hubCode) : this.scope.namedHub(input.hubCode);
    const laneFilter = this.laneFilter(input.lane);
    const transport = parseTransport(input.transport ?? { mode: 'AIR' });
    const cutoff = input.cutoff ?? this.clock.now();

    return this.db.transaction(async (tx) => {
      const rows = await hubRepo.consolidationCandidates(tx, hub.id, cutoff, this.locking);
      step('load candidates');
      const lanesByKey = new Map<string, Lane>();
      const candidates: Candidate[] = [];
      const withoutLane: string[] = [];
      const numberById = new Map<string, string>();
      for (const r of rows) {
        const lane = this.lanes.laneFor(hub, r.destinationCountry, r.service);
        if (!lane) {
          withoutLane.push(r.trackingNumber);
          continue;
        }
        if (!matchesFilter(lane, laneFilter)) continue;
        const key = laneKey(lane);
        lanesByKey.set(key, lane);
        numberById.set(r.id, r.trackingNumber);
        candidates.push({ id: r.id, weightG: r.weightG, laneKey: key, dangerousGoods: isDangerousGoods(r.lithiumBatteries), registered: this.lanes.isRegistered(r.service) });
      }
      const plan = planReceptacles(candidates, this.receptacleMaxWeightGrams);
      const oversized = plan.oversized.map((id) => numberById.get(id)!);
      step('pack');

      // Dispatches per lane: room in open ones first, then new ones.
      const openDispatches = plan.receptacles.length ? await dispatchesRepo.openDispatchesOfHub(tx, hub.id, true) : [];
      const slots: Slot[] = [];
      const touched = new Set<string>();
      const byLane = new Map<string, number[]>();
      plan.receptacles.forEach((r, i) => byLane.set(r.laneKey, [...(byLane.get(r.laneKey) ?? []), i]));
      const growth: { id: string; take: number }[] = [];
      for (const [key, indexes] of byLane) {
        const lane = lanesByKey.get(key)!;
        const open = openDispatches.filter((d) => sameLane(laneOf(d), lane));
        const split = assignToDispatches(indexes.length, open);
        const created = await this.dispatches.openInTx(tx, hub, lane, transport, null, split.newDispatchSizes);
        const laneSlots: Slot[] = [];
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
          slots[planIndex] = laneSlots[k];
        });
      }
      const now = this.clock.now();
      await dispatchesRepo.growDispatches(tx, growth, now);

      const newReceptacles: receptaclesRepo.NewReceptacle[] = plan.receptacles.map((p, i) => {
        const slot = slots[i];
        const lane = lanesByKey.get(p.laneKey)!;
        return {
          id: randomUUID(), hubId: hub.id, ...lane, allowRegisteredMix: false, state: 'CLOSED', dispatchId: slot.dispatchId, serial: slot.serial,
          receptacleNumber: buildS9({ dispatchId: slot.dispatchNumber, receptacleSerial: slot.serial, highest: false, registered: p.registered, weightGrams: p.weightG }),
          itemCount: p.items.length, grossWeightG: p.weightG, registeredCount: p.registered ? p.items.length : 0, dangerousGoodsCount: p.dangerousGoods ? p.items.length : 0,
          closedAt: now,
        };
      });
      step('dispatches');
      await receptaclesRepo.insertReceptacles(tx, newReceptacles);
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
        await hubRepo.bagHubParcels(tx, parcelIds, parcelReceptacles, now);
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
      await appendAuditForEach(tx, { actor, action: 'hub.parcel.bagged', entityType: 'shipment', requestId, fixed: { state: 'BAGGED' } }, parcelIds, { key: 'receptacleId', values: parcelReceptacles });
      step('audit');
      await this.status.changeStatus(tx, parcelIds.map((id) => ({ shipmentId: id, to: 'BAGGED' })), { actor, source: 'hub', requestId, now });
      step('shipment status');
      const dispatches = touched.size ? await dispatchesRepo.findDispatches(tx, [...touched]) : [];
      return { parcelsBagged: parcelIds.length, receptacles: newReceptacles.length ? await receptaclesRepo.findReceptacles(tx, newReceptacles.map((r) => r.id)) : [], dispatches, oversized, withoutLane };
    });
  }

  private laneFilter(l: ConsolidateInput['lane']): Partial<Lane> {
    if (!l) return {};
    const carrier = l.carrierCode ? this.reference.carrierByCode(l.carrierCode) : undefined;
    if (l.carrierCode && !carrier) throw badInput(`No carrier with code ${l.carrierCode}.`);
    return {
      destinationOffice: l.destinationOffice?.toUpperCase() || undefined,
      mailCategory: l.mailCategory?.toUpperCase() || undefined,
      mailSubclass: l.mailSubclass?.toUpperCase() || undefined,
      carrierId: carrier?.id,
    };
  }
}

function matchesFilter(lane: Lane, filter: Partial<Lane>): boolean {
  return (Object.keys(filter) as (keyof Lane)[]).every((k) => filter[k] === undefined || filter[k] === lane[k]);
}
