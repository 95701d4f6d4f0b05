import type { Database, Queryable } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, badInput, notFound } from '../../platform/errors.js';
import { isFailure, typed, type Typed } from '../../platform/failure.js';
import { isUuid } from '../../platform/ids.js';
import { normaliseS10, validateS10 } from '../../standards/s10.js';
import type { Principal } from '../auth/principal.js';
import { ChangeJournal } from '../journal/change-journal.js';
import type { Hub, ReferenceData } from '../reference/reference.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import type { RowLocking } from '../shipments/shipments.repository.js';
import type { CustomsRiskPort } from './customs-risk.port.js';
import { refusal, type HubRefusal } from './hub.errors.js';
import * as hubRepo from './hub.repository.js';
import type { HubScope } from './hub-scope.js';
import { isDangerousGoods, laneDifferences, sameLane, type Lanes } from './lanes.js';
import * as receptaclesRepo from './receptacles.repository.js';
import * as repo from './scans.repository.js';

/** Most scans one call takes (receive, move or bag): a floor's batch, answered in one transaction. */
export const MAX_SCANS = 2_000;
const MAX_PARCEL_WEIGHT_G = 100_000;
const MAX_DIMENSION_MM = 5_000;

export interface ReceiveParcelInput {
  trackingNumber: string;
  weightGrams: number;
  dimensionsMm: { length: number; width: number; height: number };
  locationCode: string;
}

export interface ParcelReceived {
  __typename: 'ParcelReceived';
  parcel: hubRepo.HubParcelRow;
  alreadyReceived: boolean;
  weightDiscrepancy: hubRepo.HubExceptionRow | null;
}

export type HubParcelResult = Typed<hubRepo.HubParcelRow, 'HubParcel'>;

export interface ScanConfig {
  hubWeightToleranceGrams: number;
  hubWeightTolerancePercent: number;
  receptacleMaxWeightGrams: number;
}

type UnmanifestedReason = 'MALFORMED_NUMBER' | 'UNKNOWN_NUMBER' | 'OTHER_HUB';
const UNMANIFESTED_TEXT: Record<UnmanifestedReason, (code: string) => string> = {
  MALFORMED_NUMBER: (code) => `"${code}" is not a valid S10 tracking number`,
  UNKNOWN_NUMBER: (code) => `No parcel with tracking number ${code} was declared`,
  OTHER_HUB: (code) => `Parcel ${code} is declared for another hub`,
};

/**
 * The floor's scans, each for many parcels in one call and one transaction: receive (with weight
 * and size), move, bag. Every parcel gets its own result, in input order, with the checks and
 * events of a single scan; the single forms are these with one parcel. Writes are one statement
 * per table whatever the number of parcels, except customs' weight re-check, which runs per parcel
 * that weighs other than declared (a rare exception).
 */
export class HubScans {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly scope: HubScope,
    private readonly lanes: Lanes,
    private readonly config: ScanConfig,
    private readonly customs: CustomsRiskPort,
    private readonly status: ShipmentStatusPort,
    private readonly clock: Clock,
    private readonly locking: RowLocking,
  ) {}

  /** Inbound scans at the caller's hub (an admin names it with hubCode once the network has several). */
  async receive(principal: Principal, inputs: readonly ReceiveParcelInput[], requestId?: string, hubCode?: string | null): Promise<(ParcelReceived | HubRefusal)[]> {
    checkCount(inputs.length);
    const hub = this.scope.hubFor(principal, hubCode);
    inputs.forEach((input, index) => checkMeasurements(input, inputs.length > 1 ? index : undefined));
    const codes = inputs.map((i) => i.locationCode.trim().toUpperCase());
    const known = await repo.knownLocations(this.db, hub.id, [...new Set(codes)]);
    const scanned = inputs.map((i) => normaliseS10(i.trackingNumber).slice(0, 64));
    const found = await repo.hubShipmentsByNumber(this.db, scanned.filter((n) => validateS10(n).valid));
    const now = this.clock.now();

    type Item = { kind: 'location' } | { kind: 'unmanifested'; reason: UnmanifestedReason } | { kind: 'parcel'; shipment: hubRepo.HubShipmentRow };
    const items: Item[] = inputs.map((_input, i) => {
      if (!known.has(codes[i])) return { kind: 'location' };
      if (!validateS10(scanned[i]).valid) return { kind: 'unmanifested', reason: 'MALFORMED_NUMBER' };
      const shipment = found.get(scanned[i]);
      if (!shipment) return { kind: 'unmanifested', reason: 'UNKNOWN_NUMBER' };
      if (shipment.hubId !== hub.id) return { kind: 'unmanifested', reason: 'OTHER_HUB' };
      return { kind: 'parcel', shipment };
    });

    return this.db.transaction(async (tx) => {
      // Unmanifested: one open exception per scanned code, counting this call's repeats.
      const unmanifested = new Map<string, hubRepo.NewHubException & { scans: number }>();
      items.forEach((item, i) => {
        if (item.kind !== 'unmanifested') return;
        const code = scanned[i] || '(empty)';
        const previous = unmanifested.get(code);
        unmanifested.set(code, {
          hubId: hub.id, kind: 'UNMANIFESTED', reason: item.reason, scannedCode: code, shipmentId: null, declaredWeightG: null,
          measuredWeightG: inputs[i].weightGrams, dimensionsMm: inputs[i].dimensionsMm, locationCode: codes[i], scans: (previous?.scans ?? 0) + 1,
        });
      });
      const exceptions = new Map((await repo.recordExceptions(tx, [...unmanifested.values()])).map((e) => [e.scannedCode, e]));

      // Parcels: the first scan of each in the call receives it; later ones are re-scans.
      const first = new Map<string, number>();
      items.forEach((item, i) => {
        if (item.kind === 'parcel' && !first.has(item.shipment.shipmentId)) first.set(item.shipment.shipmentId, i);
      });
      const received = await repo.insertHubParcels(tx, [...first].map(([shipmentId, i]) => ({
        shipmentId, hubId: hub.id, locationCode: codes[i], weightG: inputs[i].weightGrams,
        lengthMm: inputs[i].dimensionsMm.length, widthMm: inputs[i].dimensionsMm.width, heightMm: inputs[i].dimensionsMm.height, receivedAt: now,
      })));
      const fresh = [...first].filter(([id]) => received.has(id));

      const journal = new ChangeJournal();
      items.forEach((item, i) => {
        if (item.kind !== 'unmanifested') return;
        const e = exceptions.get(scanned[i] || '(empty)')!;
        journal.audit.push({ actor: principal, action: 'hub.unmanifested_parcel', entityType: 'hub_exception', entityId: e.id, after: { scannedCode: e.scannedCode, reason: item.reason, scanCount: e.scanCount, locationCode: codes[i] }, requestId });
      });
      for (const [shipmentId, i] of fresh) {
        journal.audit.push({
          actor: principal, action: 'hub.parcel.received', entityType: 'shipment', entityId: shipmentId,
          after: { state: 'RECEIVED', locationCode: codes[i], weightGrams: inputs[i].weightGrams, dimensionsMm: inputs[i].dimensionsMm }, requestId,
        });
      }
      // Physical acceptance by the post (EMA) and arrival at the outward office of exchange (EMB). A
      // parcel customs refused or seized keeps that status; its receipt is still on the timeline.
      await this.status.changeStatus(tx, fresh.map(([shipmentId, i]) => {
        const at = { occurredAt: now, office: hub.officeOfExchange, countryCode: hub.countryCode, source: 'hub', detail: { location: codes[i] } };
        return { shipmentId, to: 'RECEIVED_AT_HUB' as const, events: [{ code: 'EMA', ...at }, { code: 'EMB', ...at }] };
      }), { actor: principal, source: 'hub', requestId, journal, now, illegal: 'skip' });
      // Here the parcels are physically presented to customs (EXA export, EDB import): its events join the receipt's.
      await this.customs.presented(tx, fresh.map(([id]) => id), now, journal);
      await journal.flush(tx);

      const discrepancies = await this.weightDiscrepancies(tx, hub, principal, fresh.map(([, i]) => ({ input: inputs[i], code: codes[i], shipment: (items[i] as { shipment: hubRepo.HubShipmentRow }).shipment })), requestId);
      const parcels = new Map((await hubRepo.hubParcelsByIds(tx, [...first.keys()])).map((p) => [p.shipmentId, p]));
      return items.map((item, i): ParcelReceived | HubRefusal => {
        if (item.kind === 'location') return refusal('LocationNotFound', 'LOCATION_NOT_FOUND', `Hub ${hub.code} has no location ${codes[i]}.`, { locationCode: codes[i] });
        if (item.kind === 'unmanifested') {
          const code = scanned[i] || '(empty)';
          return refusal('UnmanifestedParcel', 'UNMANIFESTED_PARCEL', `${UNMANIFESTED_TEXT[item.reason](scanned[i])}: recorded as an unmanifested parcel; put it in an exceptions bin.`, {
            reason: item.reason, scannedCode: scanned[i], exception: exceptions.get(code),
          });
        }
        const id = item.shipment.shipmentId;
        const receivedNow = first.get(id) === i && received.has(id);
        return { __typename: 'ParcelReceived', parcel: parcels.get(id)!, alreadyReceived: !receivedNow, weightDiscrepancy: receivedNow ? discrepancies.get(id) ?? null : null };
      });
    });
  }

  /** Weighed other than declared beyond the tolerance: an exception, an audit record, and customs re-checks the risk. */
  private async weightDiscrepancies(
    tx: Queryable,
    hub: Hub,
    principal: Principal,
    parcels: { input: ReceiveParcelInput; code: string; shipment: hubRepo.HubShipmentRow }[],
    requestId?: string,
  ): Promise<Map<string, hubRepo.HubExceptionRow>> {
    const off = parcels.flatMap((p) => {
      const declared = p.shipment.declaredWeightG;
      const tolerance = Math.max(this.config.hubWeightToleranceGrams, Math.floor((declared * this.config.hubWeightTolerancePercent) / 100));
      return Math.abs(p.input.weightGrams - declared) > tolerance ? [{ ...p, tolerance }] : [];
    });
    if (!off.length) return new Map();
    const rows = await repo.recordExceptions(tx, off.map((p) => ({
      hubId: hub.id, kind: 'WEIGHT_DISCREPANCY' as const, reason: p.input.weightGrams > p.shipment.declaredWeightG ? 'HEAVIER' : 'LIGHTER', scannedCode: p.shipment.trackingNumber,
      shipmentId: p.shipment.shipmentId, declaredWeightG: p.shipment.declaredWeightG, measuredWeightG: p.input.weightGrams, dimensionsMm: p.input.dimensionsMm, locationCode: p.code, scans: 1,
    })));
    const byId = new Map(rows.map((r) => [r.shipmentId!, r]));
    for (const p of off) await this.customs.reassessWeight(tx, p.shipment.shipmentId, p.input.weightGrams, principal);
    const journal = new ChangeJournal();
    for (const p of off) {
      const e = byId.get(p.shipment.shipmentId)!;
      journal.audit.push({
        actor: principal, action: 'hub.weight_discrepancy', entityType: 'hub_exception', entityId: e.id,
        after: { shipmentId: p.shipment.shipmentId, declaredWeightGrams: p.shipment.declaredWeightG, measuredWeightGrams: p.input.weightGrams, toleranceGrams: p.tolerance }, requestId,
      });
    }
    await journal.flush(tx);
    return byId;
  }

  /** Puts received, unbagged parcels in other locations; a bagged parcel moves with its receptacle. */
  /** Inbound scan of one parcel: the bulk scan with one input. */
  async receiveOne(principal: Principal, input: ReceiveParcelInput, requestId?: string, hubCode?: string | null): Promise<ParcelReceived | HubRefusal> {
    return (await this.receive(principal, [input], requestId, hubCode))[0];
  }

  async moveOne(principal: Principal, trackingNumber: string, locationCode: string, requestId?: string, hubCode?: string | null): Promise<HubParcelResult | HubRefusal> {
    return (await this.move(principal, [{ trackingNumber, locationCode }], requestId, hubCode))[0];
  }

  /** Bags one parcel: the bulk bagging scan with one parcel; answers with the receptacle. */
  async bagOne(principal: Principal, receptacleId: string, trackingNumber: string, requestId?: string): Promise<Typed<hubRepo.ReceptacleRow, 'Receptacle'> | HubRefusal> {
    const outcome = await this.bag(principal, receptacleId, [trackingNumber], requestId);
    if (isFailure(outcome)) return outcome;
    const [result] = outcome.results;
    return isFailure(result) ? result : typed(outcome.receptacle, 'Receptacle');
  }

  async move(principal: Principal, moves: readonly { trackingNumber: string; locationCode: string }[], requestId?: string, hubCode?: string | null): Promise<(HubParcelResult | HubRefusal)[]> {
    checkCount(moves.length);
    const hub = this.scope.hubFor(principal, hubCode);
    const codes = moves.map((m) => m.locationCode.trim().toUpperCase());
    const numbers = moves.map((m) => normaliseS10(m.trackingNumber));
    return this.db.transaction(async (tx) => {
      const known = await repo.knownLocations(tx, hub.id, [...new Set(codes)]);
      const found = await repo.hubShipmentsByNumber(tx, [...new Set(numbers)]);
      const checked = moves.map((_m, i): hubRepo.HubShipmentRow | HubRefusal => {
        if (!known.has(codes[i])) return refusal('LocationNotFound', 'LOCATION_NOT_FOUND', `Hub ${hub.code} has no location ${codes[i]}.`, { locationCode: codes[i] });
        const p = found.get(numbers[i]);
        if (!p || p.hubId !== hub.id) return parcelNotFound(numbers[i]);
        if (!p.state) return notReceived(numbers[i]);
        if (p.state !== 'RECEIVED') return alreadyInReceptacle(numbers[i], p.receptacleId, 'it moves with its receptacle');
        return p;
      });
      // A parcel scanned twice in one call ends where its last scan put it.
      const target = new Map<string, string>();
      checked.forEach((p, i) => {
        if (!('errorCode' in p)) target.set(p.shipmentId, codes[i]);
      });
      const now = this.clock.now();
      const moved = await repo.moveHubParcels(tx, [...target.keys()], [...target.values()], now, this.locking);
      const journal = new ChangeJournal();
      for (const [id, before] of moved) {
        journal.audit.push({ actor: principal, action: 'hub.parcel.moved', entityType: 'shipment', entityId: id, before: { locationCode: before }, after: { locationCode: target.get(id) }, requestId });
      }
      await journal.flush(tx);
      const rows = new Map((await hubRepo.hubParcelsByIds(tx, [...moved.keys()])).map((r) => [r.shipmentId, r]));
      return checked.map((p, i) => {
        if ('errorCode' in p) return p;
        const row = rows.get(p.shipmentId);
        // Bagged by someone else between the read and the update.
        return row ? typed(row, 'HubParcel') : alreadyInReceptacle(numbers[i], null, 'it moves with its receptacle');
      });
    });
  }

  /**
   * Bags parcels into one open receptacle, in scan order: each is checked against the bag as the
   * earlier ones of the call left it (lane, dangerous goods, registered mixing, weight limit). The
   * receptacle's row lock serialises scans into one bag; the guarded update decides races for a parcel.
   */
  async bag(principal: Principal, receptacleId: string, trackingNumbers: readonly string[], requestId?: string): Promise<{ receptacle: hubRepo.ReceptacleRow; results: (HubParcelResult | HubRefusal)[] } | HubRefusal> {
    checkCount(trackingNumbers.length);
    if (!isUuid(receptacleId)) throw notFound('Receptacle');
    const numbers = trackingNumbers.map((n) => normaliseS10(n));
    return this.db.transaction(async (tx) => {
      const [r] = await receptaclesRepo.findReceptacles(tx, [receptacleId], true);
      if (!r) throw notFound('Receptacle');
      this.scope.ensureHub(principal, r.hubId, 'Receptacle');
      if (r.state !== 'OPEN') return receptacleNotOpen(r);
      const found = await repo.hubShipmentsByNumber(tx, [...new Set(numbers)]);
      const bag = { items: r.itemCount, grams: r.grossWeightG, registered: r.registeredCount, dangerousGoods: r.dangerousGoodsCount };
      const taken = new Set<string>();
      const checked = numbers.map((number): hubRepo.HubShipmentRow | HubRefusal => {
        const p = found.get(number);
        const outcome = p ? this.checkBagging(r, bag, p, number, taken) : parcelNotFound(number);
        if ('errorCode' in outcome || p!.receptacleId === r.id || taken.has(p!.shipmentId)) return outcome;
        taken.add(p!.shipmentId);
        const registered = this.lanes.isRegistered(p!.service);
        const dg = isDangerousGoods(p!.lithiumBatteries);
        bag.items += 1;
        bag.grams += p!.receivedWeightG!;
        bag.registered += registered ? 1 : 0;
        bag.dangerousGoods += dg ? 1 : 0;
        return p!;
      });
      const now = this.clock.now();
      const bagged = await repo.bagHubParcels(tx, [...taken], r.id, now);
      // A parcel another scan bagged meanwhile does not count towards this bag.
      const lost = new Set([...taken].filter((id) => !bagged.has(id)));
      for (const id of lost) {
        const p = [...found.values()].find((f) => f.shipmentId === id)!;
        bag.items -= 1;
        bag.grams -= p.receivedWeightG!;
        bag.registered -= this.lanes.isRegistered(p.service) ? 1 : 0;
        bag.dangerousGoods -= isDangerousGoods(p.lithiumBatteries) ? 1 : 0;
      }
      await receptaclesRepo.adjustReceptacle(tx, r.id, {
        items: bag.items - r.itemCount, grams: bag.grams - r.grossWeightG, registered: bag.registered - r.registeredCount, dangerousGoods: bag.dangerousGoods - r.dangerousGoodsCount,
      }, now);
      const journal = new ChangeJournal();
      for (const id of bagged) {
        journal.audit.push({ actor: principal, action: 'hub.parcel.bagged', entityType: 'shipment', entityId: id, before: { state: 'RECEIVED' }, after: { state: 'BAGGED', receptacleId: r.id }, requestId });
      }
      await this.status.changeStatus(tx, [...bagged].map((id) => ({ shipmentId: id, to: 'BAGGED' as const })), { actor: principal, source: 'hub', requestId, journal, now });
      await journal.flush(tx);
      const ids = checked.flatMap((p) => ('errorCode' in p ? [] : [p.shipmentId]));
      const rows = new Map((await hubRepo.hubParcelsByIds(tx, ids)).map((p) => [p.shipmentId, p]));
      const [receptacle] = await receptaclesRepo.findReceptacles(tx, [r.id]);
      const results = checked.map((p, i) => {
        if ('errorCode' in p) return p;
        if (lost.has(p.shipmentId)) return alreadyInReceptacle(numbers[i], null);
        return typed(rows.get(p.shipmentId)!, 'HubParcel');
      });
      return { receptacle, results };
    });
  }

  /** A single scan's checks, against the bag as this call has filled it so far. */
  private checkBagging(r: hubRepo.ReceptacleRow, bag: { items: number; grams: number; registered: number; dangerousGoods: number }, p: hubRepo.HubShipmentRow, number: string, taken: Set<string>): hubRepo.HubShipmentRow | HubRefusal {
    if (p.hubId !== r.hubId) return parcelNotFound(number);
    if (p.customsStatus !== 'RELEASED') {
      return refusal('ParcelNotReleased', 'PARCEL_NOT_RELEASED', `Parcel ${number} is not released by customs (customs status ${p.customsStatus}).`, { trackingNumber: number, customsStatus: p.customsStatus });
    }
    if (!p.state) return notReceived(number);
    if (p.receptacleId === r.id || taken.has(p.shipmentId)) return p;
    if (p.receptacleId || p.state !== 'RECEIVED') return alreadyInReceptacle(number, p.receptacleId);
    const lane = this.lanes.laneFor(this.reference.hubById(p.hubId)!, p.destinationCountry, p.service);
    if (!lane) return refusal('NoLane', 'NO_LANE', `No carrier takes ${p.service} parcels to ${p.destinationCountry} from this hub.`, { trackingNumber: number });
    const expected = { originOffice: r.originOffice, destinationOffice: r.destinationOffice, mailCategory: r.mailCategory, mailSubclass: r.mailSubclass, carrierId: r.carrierId };
    if (!sameLane(lane, expected)) {
      const fields = laneDifferences(expected, lane);
      return refusal('LaneMismatch', 'LANE_MISMATCH', `Parcel ${number} belongs to another lane (differs in ${fields.join(', ')}).`, { trackingNumber: number, expected, actual: lane, fields });
    }
    const dg = isDangerousGoods(p.lithiumBatteries);
    if (bag.items > 0 && (dg ? bag.dangerousGoods < bag.items : bag.dangerousGoods > 0)) {
      return refusal('DangerousGoodsMix', 'DANGEROUS_GOODS_MIX', dg
        ? `Parcel ${number} contains lithium batteries and this receptacle holds ordinary items: use a dangerous-goods receptacle.`
        : `This receptacle holds dangerous goods (lithium batteries); parcel ${number} is ordinary.`, { trackingNumber: number, dangerousGoods: dg });
    }
    const registered = this.lanes.isRegistered(p.service);
    if (!r.allowRegisteredMix && bag.items > 0 && (registered ? bag.registered < bag.items : bag.registered > 0)) {
      return refusal('RegisteredMix', 'REGISTERED_MIX', registered
        ? `Parcel ${number} is registered and this receptacle holds ordinary items; its lane does not allow mixing.`
        : `This receptacle holds registered items; parcel ${number} is ordinary and its lane does not allow mixing.`, { trackingNumber: number, registered });
    }
    const weight = p.receivedWeightG!;
    const limit = this.config.receptacleMaxWeightGrams;
    if (bag.grams + weight > limit) {
      return refusal('ReceptacleOverweight', 'RECEPTACLE_OVERWEIGHT', `Parcel ${number} (${weight} g) would take the receptacle to ${bag.grams + weight} g, over its ${limit} g limit.`, {
        trackingNumber: number, limitGrams: limit, currentGrams: bag.grams, parcelGrams: weight,
      });
    }
    return p;
  }
}

function checkCount(count: number): void {
  if (count === 0) throw badInput('Send at least one scan.');
  if (count > MAX_SCANS) throw new AppError('LIMIT_EXCEEDED', `At most ${MAX_SCANS} scans per call; this call has ${count}. Split it.`, { limit: MAX_SCANS });
}

function checkMeasurements(input: ReceiveParcelInput, index: number | undefined): void {
  const where = index === undefined ? '' : `inputs[${index}].`;
  const { weightGrams, dimensionsMm } = input;
  if (!Number.isInteger(weightGrams) || weightGrams < 1 || weightGrams > MAX_PARCEL_WEIGHT_G) {
    throw badInput(`${where}weightGrams must be a whole number from 1 to ${MAX_PARCEL_WEIGHT_G}.`, { field: `${where}weightGrams` });
  }
  for (const side of ['length', 'width', 'height'] as const) {
    const v = dimensionsMm[side];
    if (!Number.isInteger(v) || v < 1 || v > MAX_DIMENSION_MM) throw badInput(`${where}dimensionsMm.${side} must be a whole number from 1 to ${MAX_DIMENSION_MM}.`, { field: `${where}dimensionsMm.${side}` });
  }
}

export function parcelNotFound(trackingNumber: string): HubRefusal {
  return refusal('ParcelNotFound', 'PARCEL_NOT_FOUND', `No parcel ${trackingNumber} is declared for this hub.`, { trackingNumber });
}

export function notReceived(trackingNumber: string): HubRefusal {
  return refusal('ParcelNotReceived', 'PARCEL_NOT_RECEIVED', `Parcel ${trackingNumber} has not been received at the hub: scan it in first.`, { trackingNumber });
}

export function alreadyInReceptacle(trackingNumber: string, receptacleId: string | null, why = 'take it out there first'): HubRefusal {
  return refusal('AlreadyInReceptacle', 'ALREADY_IN_RECEPTACLE', `Parcel ${trackingNumber} is already in a receptacle: ${why}.`, { trackingNumber, receptacleId });
}

export function receptacleNotOpen(r: hubRepo.ReceptacleRow): HubRefusal {
  return refusal('ReceptacleNotOpen', 'RECEPTACLE_NOT_OPEN', `The receptacle is ${r.state}; only an open receptacle changes contents or dispatch.`, { receptacleId: r.id, state: r.state });
}

