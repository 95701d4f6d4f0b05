import { badInput } from '../../platform/errors.js';
import { isMailCategory, isMailSubclass, isOfficeOfExchange } from '../../standards/s8.js';
import type { Hub, ReferenceData } from '../reference/reference.service.js';
import type { Transport } from './hub.repository.js';
import type { Lane } from './lanes.js';

/** A lane as an operator types it (receptacles and dispatches are opened on one). */
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

/** The lane an operator named at a hub, checked field by field (bad input otherwise). */
export function resolveLane(reference: ReferenceData, hub: Hub, input: LaneInput): Lane {
  const destinationOffice = input.destinationOffice.trim().toUpperCase();
  const mailCategory = input.mailCategory.trim().toUpperCase();
  const mailSubclass = input.mailSubclass.trim().toUpperCase();
  if (!isOfficeOfExchange(destinationOffice)) throw badInput(`destinationOffice must be a 6-character IMPC office of exchange code, got "${input.destinationOffice}".`);
  if (!isMailCategory(mailCategory)) throw badInput(`mailCategory must be A, B, C or D, got "${input.mailCategory}".`);
  if (!isMailSubclass(mailSubclass)) throw badInput(`mailSubclass must be a class letter (U, C, E, T) and a letter, got "${input.mailSubclass}".`);
  const carrier = reference.carrierByCode(input.carrierCode);
  if (!carrier) throw badInput(`No carrier with code ${input.carrierCode}.`);
  if (carrier.officeOfExchange !== destinationOffice) throw badInput(`${carrier.code} takes mail over at ${carrier.officeOfExchange}, not ${destinationOffice}.`);
  if (!carrier.hubIds.includes(hub.id)) throw badInput(`${carrier.code} takes no mail over from hub ${hub.code}.`, { field: 'carrierCode' });
  return { originOffice: hub.officeOfExchange, destinationOffice, mailCategory, mailSubclass, carrierId: carrier.id };
}

export function parseTransport(input: TransportInput): Transport {
  const flightNumber = input.flightNumber?.trim().toUpperCase() || null;
  if (flightNumber && !/^[A-Z0-9]{2}\d{1,4}[A-Z]?$/.test(flightNumber)) throw badInput(`flightNumber must look like MH1234, got "${input.flightNumber}".`);
  return { mode: input.mode, flightNumber, departureAt: input.departureAt ? input.departureAt.toISOString() : null };
}

export function laneOf(row: { originOffice: string; destinationOffice: string; mailCategory: string; mailSubclass: string; carrierId: string }): Lane {
  return { originOffice: row.originOffice, destinationOffice: row.destinationOffice, mailCategory: row.mailCategory, mailSubclass: row.mailSubclass, carrierId: row.carrierId };
}
