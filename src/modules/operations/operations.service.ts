import type { Database } from '../../db/database.js';
import { badInput } from '../../platform/errors.js';
import type { Principal } from '../auth/principal.js';
import type { CustomsDeclarations } from '../customs/declarations.service.js';
import type { HubService } from '../hub/hub.service.js';
import type { Lane } from '../hub/lanes.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { WebhooksService } from '../webhooks/webhooks.service.js';
import * as repo from './operations.repository.js';

/** The ShipmentStatus enum in lifecycle order (schema/shipments.graphql). */
export const STATUS_ORDER = [
  'DECLARED', 'CUSTOMS_REVIEW', 'CUSTOMS_HOLD', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'CUSTOMS_RELEASED', 'CUSTOMS_REJECTED', 'SEIZED',
  'RETURNED_TO_SENDER', 'RECEIVED_AT_HUB', 'BAGGED', 'DISPATCHED', 'HANDED_TO_CARRIER', 'IN_TRANSIT', 'AT_DESTINATION',
  'IN_IMPORT_CUSTOMS', 'OUT_FOR_DELIVERY', 'DELIVERY_ATTEMPTED', 'AWAITING_COLLECTION', 'DELIVERED',
  // Returns (schema/returns.graphql), after the outbound journey.
  'RETURN_IN_TRANSIT', 'RETURN_RECEIVED_AT_HUB', 'RETURN_IN_REIMPORT_CUSTOMS', 'RETURN_ABANDONED',
] as const;

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
  /** The hub's receptacle id: an open bag has no S9 identifier yet. */
  receptacleId: string;
  lane: Lane;
  destinationCountry: string;
  parcelCount: number;
  weightGrams: number;
  maxWeightGrams: number;
  openedAt: Date | null;
}

export interface CustomsLaneQueue {
  lane: string;
  count: number;
  oldestSince: Date | null;
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
 * Figures for the operations dashboard. Each panel is one method reading the module that owns its
 * data: tracking events and statuses (here), customs lanes (CustomsDeclarations), receptacles and dwell
 * (HubService), push delivery to carriers (WebhooksService).
 */
export class OperationsService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly hub: HubService,
    private readonly customs: Pick<CustomsDeclarations, 'waitingByLane'>,
    private readonly webhooks: Pick<WebhooksService, 'carrierMessageHealth'>,
  ) {}

  /** Hub staff and officers see their hub; an admin every hub, or the one it names. */
  scope(principal: Principal, hours: number, hubCode?: string | null, now = new Date()): OpsScope {
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURS) throw badInput(`hours must be between 1 and ${MAX_HOURS}.`, { field: 'hours' });
    const hub = principal.role === 'ADMIN' && !hubCode ? null : this.hub.scope.hubFor(principal, hubCode);
    return { hubId: hub?.id ?? null, hubCode: hub?.code ?? null, hours, generatedAt: now };
  }

  async statusCounts(scope: OpsScope): Promise<{ status: string; count: number }[]> {
    const rows = await repo.statusCounts(this.db.reads, scope.hubId);
    const order = new Map<string, number>(STATUS_ORDER.map((s, i) => [s, i]));
    return rows.sort((a, b) => (order.get(a.status) ?? 99) - (order.get(b.status) ?? 99));
  }

  /** One entry per hour of the window, oldest first, zeros included. */
  async hourly(scope: OpsScope): Promise<HourlyFlow[]> {
    const currentHour = Math.floor(scope.generatedAt.getTime() / HOUR_MS) * HOUR_MS;
    const from = new Date(currentHour - (scope.hours - 1) * HOUR_MS);
    const to = new Date(currentHour + HOUR_MS);
    const rows = await repo.eventsPerHour(this.db.reads, scope.hubId, from, to);
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

  /**
   * Declarations waiting for customs, per customs lane (RED, AMBER, GREEN; lanes with none left
   * out): GREEN ones wait for the green channel, AMBER and RED ones for an officer. The customs
   * module's own declarations, states and lanes.
   */
  async customsQueue(scope: OpsScope): Promise<CustomsLaneQueue[]> {
    return this.customs.waitingByLane(scope.hubId);
  }

  /** Parcels in the hub (received or bagged, not yet dispatched) by hours since the hub received them. */
  async dwellBands(scope: OpsScope): Promise<DwellBand[]> {
    const rows = await this.hub.dwell.buckets(scope.hubId, DWELL_BOUNDS_HOURS, scope.generatedAt);
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

  /** The hub's receptacles still open (being filled), newest first, with their fill against the configured weight limit. */
  async openReceptacles(scope: OpsScope): Promise<OpenReceptacle[]> {
    const rows = await this.hub.receptacles.openAt(scope.hubId);
    const maxWeightGrams = this.hub.config.receptacleMaxWeightGrams;
    return rows.map((r) => ({
      receptacleId: r.id,
      lane: { originOffice: r.originOffice, destinationOffice: r.destinationOffice, mailCategory: r.mailCategory, mailSubclass: r.mailSubclass, carrierId: r.carrierId },
      // IMPC office codes start with the ISO country code; the carrier's country says the same.
      destinationCountry: this.reference.carriers.find((c) => c.id === r.carrierId)?.countryCode ?? r.destinationOffice.slice(0, 2),
      parcelCount: r.itemCount,
      weightGrams: r.grossWeightG,
      maxWeightGrams,
      openedAt: r.openedAt,
    }));
  }

  /**
   * Per carrier: deliveries (EMI) and failed attempts (EMH) from the tracking events carriers
   * report, and push health from the webhooks module's stored deliveries and attempts — messages
   * with a failed attempt and dead letters in the window. Those two are null for a carrier that
   * has no webhook endpoint and had nothing pushed in the window (it pulls its handoffs).
   */
  async carrierHealth(scope: OpsScope): Promise<CarrierDeliveryHealth[]> {
    const from = new Date(scope.generatedAt.getTime() - scope.hours * HOUR_MS);
    const [deliveries, messages] = await Promise.all([
      repo.carrierDeliveries(this.db.reads, scope.hubId, from),
      this.webhooks.carrierMessageHealth(scope.hubId, from),
    ]);
    const byCode = new Map<string, CarrierDeliveryHealth>(
      deliveries.map((r) => [r.carrierCode, { ...r, messageFailures: null, deadLetters: null }]),
    );
    for (const m of messages) {
      const carrier = this.reference.carriers.find((c) => c.id === m.carrierId);
      if (!carrier) continue;
      const row = byCode.get(carrier.code) ?? { carrierCode: carrier.code, carrierName: carrier.name, delivered: 0, failedAttempts: 0, messageFailures: null, deadLetters: null };
      byCode.set(carrier.code, { ...row, messageFailures: m.messageFailures, deadLetters: m.deadLetters });
    }
    return [...byCode.values()].sort((a, b) => (a.carrierCode < b.carrierCode ? -1 : a.carrierCode > b.carrierCode ? 1 : 0));
  }
}
