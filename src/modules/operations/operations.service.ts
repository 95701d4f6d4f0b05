import type { Database } from '../../db/database.js';
import { badInput } from '../../platform/errors.js';
import type { Principal } from '../auth/principal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import * as repo from './operations.repository.js';

/** The ShipmentStatus enum in lifecycle order (schema/shipments.graphql). */
export const STATUS_ORDER = [
  'DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED', 'CUSTOMS_REJECTED', 'SEIZED',
  'RETURNED_TO_SENDER', 'RECEIVED_AT_HUB', 'BAGGED', 'DISPATCHED', 'HANDED_TO_CARRIER', 'IN_TRANSIT', 'AT_DESTINATION',
  'IN_IMPORT_CUSTOMS', 'OUT_FOR_DELIVERY', 'DELIVERY_ATTEMPTED', 'AWAITING_COLLECTION', 'DELIVERED',
] as const;

/** Statuses in which a parcel waits for a customs decision at the hub. */
export const CUSTOMS_QUEUE_STATUSES = ['DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED'] as const;
/** Statuses after which a parcel no longer dwells anywhere. */
export const CLOSED_STATUSES = ['DELIVERED', 'CUSTOMS_REJECTED', 'SEIZED'] as const;
/** Dwell-band bounds in hours: <1, 1–4, 4–12, 12–24, 24–48, ≥48. */
export const DWELL_BOUNDS_HOURS = [1, 4, 12, 24, 48] as const;

export const MAX_HOURS = 168;

/** Who is asking and over what window; every panel is computed within this scope. */
export interface OpsScope {
  /** null: all hubs (ADMIN). */
  hubId: string | null;
  hubCode: string | null;
  hours: number;
  generatedAt: Date;
}

export interface HourlyFlow {
  hour: Date;
  declared: number;
  received: number;
  released: number;
  dispatched: number;
}

export interface DwellBand {
  band: string;
  label: string;
  minHours: number;
  maxHours: number | null;
  count: number;
}

export interface OpenReceptacle {
  receptacleId: string;
  destinationCountry: string;
  parcelCount: number;
  weightGrams: number;
  maxWeightGrams: number;
  openedAt: Date | null;
}

export interface CarrierDeliveryHealth {
  carrierCode: string;
  carrierName: string;
  delivered: number;
  failedAttempts: number;
  messageFailures: number | null;
  deadLetters: number | null;
}

const HOUR_MS = 3_600_000;

/**
 * Figures for the operations dashboard. Each panel is one method so that a module that owns the
 * underlying data (customs lanes, receptacles, carrier message delivery) can take it over.
 */
export class OperationsService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
  ) {}

  scope(principal: Principal, hours: number, now = new Date()): OpsScope {
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURS) throw badInput(`hours must be between 1 and ${MAX_HOURS}.`, { field: 'hours' });
    const hubId = principal.role === 'ADMIN' ? null : principal.hubId;
    const hubCode = hubId ? (this.reference.hubs.find((h) => h.id === hubId)?.code ?? null) : null;
    return { hubId, hubCode, hours, generatedAt: now };
  }

  async statusCounts(scope: OpsScope): Promise<{ status: string; count: number }[]> {
    const rows = await repo.statusCounts(this.db, scope.hubId);
    const order = new Map<string, number>(STATUS_ORDER.map((s, i) => [s, i]));
    return rows.sort((a, b) => (order.get(a.status) ?? 99) - (order.get(b.status) ?? 99));
  }

  /** One entry per hour of the window, oldest first, zeros included. */
  async hourly(scope: OpsScope): Promise<HourlyFlow[]> {
    const currentHour = Math.floor(scope.generatedAt.getTime() / HOUR_MS) * HOUR_MS;
    const from = new Date(currentHour - (scope.hours - 1) * HOUR_MS);
    const to = new Date(currentHour + HOUR_MS);
    const rows = await repo.eventsPerHour(this.db, scope.hubId, from, to);
    const buckets = new Map<number, HourlyFlow>();
    for (let t = from.getTime(); t < to.getTime(); t += HOUR_MS) {
      buckets.set(t, { hour: new Date(t), declared: 0, received: 0, released: 0, dispatched: 0 });
    }
    for (const row of rows) {
      const bucket = buckets.get(Date.parse(row.hour));
      if (!bucket) continue;
      for (const [series, codes] of Object.entries(repo.FLOW_CODES) as [keyof typeof repo.FLOW_CODES, readonly string[]][]) {
        if (codes.includes(row.code)) bucket[series] += row.count;
      }
    }
    return [...buckets.values()];
  }

  customsQueue(scope: OpsScope) {
    return repo.customsQueue(this.db, scope.hubId, CUSTOMS_QUEUE_STATUSES);
  }

  async dwellBands(scope: OpsScope): Promise<DwellBand[]> {
    const rows = await repo.dwellBuckets(this.db, scope.hubId, CLOSED_STATUSES, DWELL_BOUNDS_HOURS, scope.generatedAt);
    const counts = new Map(rows.map((r) => [r.bucket, r.count]));
    const bounds = [0, ...DWELL_BOUNDS_HOURS];
    return bounds.map((min, i) => {
      const max = i < DWELL_BOUNDS_HOURS.length ? DWELL_BOUNDS_HOURS[i] : null;
      return {
        band: max === null ? `H${min}_PLUS` : `H${min}_${max}`,
        label: max === null ? `≥ ${min} h` : `${min}–${max} h`,
        minHours: min,
        maxHours: max,
        count: counts.get(i) ?? 0,
      };
    });
  }

  /** Open receptacles come from the hub module (issue 4); until it lands there are none to show. */
  async openReceptacles(_scope: OpsScope): Promise<OpenReceptacle[]> {
    return [];
  }

  /**
   * Deliveries and failed attempts come from carriers' tracking events (EMI, EMH), so they fill in
   * as carriers report. Message failures and dead letters need the carriers module's delivery
   * records; until it lands they are null ("not reported").
   */
  async carrierHealth(scope: OpsScope): Promise<CarrierDeliveryHealth[]> {
    const rows = await repo.carrierDeliveries(this.db, scope.hubId, new Date(scope.generatedAt.getTime() - scope.hours * HOUR_MS));
    return rows.map((r) => ({ ...r, messageFailures: null, deadLetters: null }));
  }
}
