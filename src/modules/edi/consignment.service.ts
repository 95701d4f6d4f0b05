import type { Database } from '../../db/database.js';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.js';
import { isUuid, uuidv7 } from '../../platform/ids.js';
import { parseAirWaybill } from '../../standards/air-waybill.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Principal } from '../auth/principal.js';
import { enqueueOutbox } from '../outbox/outbox.repository.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { TransportLeg } from './edi.builders.js';
import type { EdiErrorCode } from './edi.errors.js';
import * as repo from './edi.repository.js';
import { outboxMessage, type EdiService } from './edi.service.js';

export interface TransportLegInput {
  mode: string;
  carrierCode?: string | null;
  transportNumber?: string | null;
  departureLocation: string;
  arrivalLocation: string;
  departureAt?: Date | null;
  arrivalAt?: Date | null;
}

export interface CreateConsignmentInput {
  dispatchIds: readonly string[];
  airWaybill?: string | null;
  legs: readonly TransportLegInput[];
}

export const MAX_CONSIGNMENT_DISPATCHES = 200;
const MAX_LEGS = 9;
const LEG_MODES = ['AIR', 'ROAD', 'RAIL', 'SEA'];

/** Checks the legs: codes, order in time, and each leg starting where the previous one ended. */
export function validateLegs(legs: readonly TransportLegInput[]): TransportLeg[] {
  if (legs.length < 1 || legs.length > MAX_LEGS) throw badInput(`A consignment has 1 to ${MAX_LEGS} transport legs.`, { field: 'legs' });
  return legs.map((l, i) => {
    const at = `legs[${i}]`;
    const leg: TransportLeg = {
      legNo: i + 1,
      mode: l.mode.trim().toUpperCase(),
      carrierCode: l.carrierCode?.trim().toUpperCase() || null,
      transportNumber: l.transportNumber?.replace(/\s/g, '').toUpperCase() || null,
      departureLocation: l.departureLocation.trim().toUpperCase(),
      arrivalLocation: l.arrivalLocation.trim().toUpperCase(),
      departureAt: l.departureAt ?? null,
      arrivalAt: l.arrivalAt ?? null,
    };
    if (!LEG_MODES.includes(leg.mode)) throw badInput(`${at}.mode must be one of ${LEG_MODES.join(', ')}.`, { field: `${at}.mode` });
    if (leg.carrierCode && !/^[A-Z0-9]{2,3}$/.test(leg.carrierCode)) throw badInput(`${at}.carrierCode is an IATA airline code of 2 or 3 characters.`, { field: `${at}.carrierCode` });
    if (leg.transportNumber && !/^[A-Z0-9]{1,10}$/.test(leg.transportNumber)) throw badInput(`${at}.transportNumber has 1 to 10 letters and digits.`, { field: `${at}.transportNumber` });
    for (const key of ['departureLocation', 'arrivalLocation'] as const) {
      if (!/^[A-Z]{3}$/.test(leg[key])) throw badInput(`${at}.${key} is an IATA location code of 3 letters, e.g. KUL.`, { field: `${at}.${key}` });
    }
    for (const key of ['departureAt', 'arrivalAt'] as const) {
      if (leg[key] && Number.isNaN(leg[key]!.getTime())) throw badInput(`${at}.${key} is not a valid time.`, { field: `${at}.${key}` });
    }
    if (leg.departureAt && leg.arrivalAt && leg.arrivalAt <= leg.departureAt) throw badInput(`${at} arrives before it departs.`, { field: `${at}.arrivalAt` });
    if (i > 0 && legs[i - 1].arrivalLocation.trim().toUpperCase() !== leg.departureLocation) {
      throw badInput(`${at} departs from ${leg.departureLocation}, but the leg before arrives at ${legs[i - 1].arrivalLocation}.`, { field: `${at}.departureLocation` });
    }
    return leg;
  });
}

/**
 * Consignments: closed dispatches of one carrier handed over together under one air waybill, with
 * their transport legs (the data model's addition for CARDIT). Creating one writes the
 * consignment, its audit record and the CARDIT pushed to the carrier (outbox `edi.cardit`) in one
 * transaction.
 */
export class ConsignmentService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly edi: EdiService,
  ) {}

  async create(principal: Principal, input: CreateConsignmentInput, requestId?: string): Promise<repo.ConsignmentRow> {
    if (principal.role !== 'HUB_OPERATOR' && principal.role !== 'ADMIN') throw forbidden('Consignments are created by hub operator or admin keys.');
    const ids = [...new Set(input.dispatchIds)];
    if (ids.length < 1 || ids.length > MAX_CONSIGNMENT_DISPATCHES) throw badInput(`A consignment has 1 to ${MAX_CONSIGNMENT_DISPATCHES} dispatches.`, { field: 'dispatchIds' });
    if (!ids.every(isUuid)) throw notFound('Dispatch');
    const legs = validateLegs(input.legs);
    let airWaybill: string | null = null;
    if (input.airWaybill) {
      const awb = parseAirWaybill(input.airWaybill);
      if (!awb.valid) throw badInput(awb.message, { field: 'airWaybill', problem: awb.problem });
      airWaybill = awb.parsed.formatted;
    }
    const dispatches = await repo.findDispatches(this.db, ids);
    if (dispatches.length !== ids.length || dispatches.some((d) => principal.role === 'HUB_OPERATOR' && d.hubId !== principal.hubId)) throw notFound('Dispatch');
    const open = dispatches.filter((d) => d.state !== 'CLOSED');
    if (open.length) {
      throw new AppError<EdiErrorCode>('DISPATCH_NOT_CLOSED', `Close ${open.map((d) => d.dispatchNumber).join(', ')} before consigning.`, { dispatchIds: open.map((d) => d.id) });
    }
    const [first] = dispatches;
    if (dispatches.some((d) => d.carrierId !== first.carrierId || d.hubId !== first.hubId)) {
      throw new AppError<EdiErrorCode>('CONSIGNMENT_MIXED', 'All dispatches of a consignment go to one carrier from one hub.');
    }
    // Without its own, a consignment travels under the dispatches' air waybill when they share one.
    const awbs = new Set(dispatches.map((d) => d.airWaybill));
    airWaybill ??= awbs.size === 1 ? first.airWaybill : null;
    const hub = this.reference.hubs.find((h) => h.id === first.hubId)!;
    const bills = await this.edi.deliveryBills(ids);
    const storedLegs = legs.map((l) => ({ ...l, departureAt: l.departureAt?.toISOString() ?? null, arrivalAt: l.arrivalAt?.toISOString() ?? null }));

    return this.db.transaction(async (tx) => {
      const serial = await repo.nextConsignmentSerial(tx);
      const row: Omit<repo.ConsignmentRow, 'createdAt'> = {
        id: uuidv7(), hubId: first.hubId, carrierId: first.carrierId, airWaybill, legs: storedLegs, dispatchIds: ids,
        consignmentNumber: `${hub.officeOfExchange}${new Date().getUTCFullYear()}${String(serial).padStart(6, '0')}`,
      };
      const taken = await repo.insertConsignment(tx, row);
      if (taken.length) {
        throw new AppError<EdiErrorCode>('DISPATCH_ALREADY_CONSIGNED', `${taken.length} of the dispatches are already in another consignment.`, { dispatchIds: taken });
      }
      const created = (await repo.findConsignment(tx, row.id))!;
      await appendAudit(tx, [{
        actor: principal, action: 'edi.consignment.created', entityType: 'consignment', entityId: row.id,
        after: { consignmentNumber: row.consignmentNumber, airWaybill, dispatchIds: created.dispatchIds, legs: storedLegs }, requestId,
      }]);
      await enqueueOutbox(tx, [outboxMessage(this.edi.carditDocument(created, bills), 'consignment', created)]);
      return created;
    });
  }
}
