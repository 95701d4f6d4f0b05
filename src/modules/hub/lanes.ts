import type { Carrier, Hub, ReferenceData } from '../reference/reference.service.js';
import { readSeed } from '../reference/reference.seeder.js';

/** Mail category and subclass a postal service travels in (seed/mail-classes.json). */
export interface MailClassRule {
  mailCategory: string;
  mailSubclass: string;
  /** Items of this service are registered: receptacles holding them carry S9 registered indicator 1. */
  registered: boolean;
}

/**
 * A lane: what may share a receptacle and a dispatch (domain.md §2 dispatch rule): origin and
 * destination office of exchange, mail category, subclass and the carrier taking it over.
 */
export interface Lane {
  originOffice: string;
  destinationOffice: string;
  mailCategory: string;
  mailSubclass: string;
  carrierId: string;
}

export function laneKey(lane: Lane): string {
  return `${lane.originOffice}|${lane.destinationOffice}|${lane.mailCategory}|${lane.mailSubclass}|${lane.carrierId}`;
}

export function sameLane(a: Lane, b: Lane): boolean {
  return laneKey(a) === laneKey(b);
}

/** The lane fields that differ between two lanes, by GraphQL field name. */
export function laneDifferences(expected: Lane, actual: Lane): string[] {
  return (['originOffice', 'destinationOffice', 'mailCategory', 'mailSubclass', 'carrierId'] as const)
    .filter((k) => expected[k] !== actual[k])
    .map((k) => (k === 'carrierId' ? 'carrier' : k));
}

export class Lanes {
  /** Per hub id, per destination country: the carrier that takes the mail over there. */
  private readonly carriers = new Map<string, Map<string, Carrier>>();

  constructor(
    reference: ReferenceData,
    readonly rules: ReadonlyMap<string, MailClassRule>,
  ) {
    // Carriers are ordered by code; at each hub the first one serving it that lists a country takes it.
    for (const hub of reference.hubs) {
      const byCountry = new Map<string, Carrier>();
      for (const carrier of reference.carriers) {
        if (!carrier.hubIds.includes(hub.id)) continue;
        for (const country of carrier.destinations) if (!byCountry.has(country)) byCountry.set(country, carrier);
      }
      this.carriers.set(hub.id, byCountry);
    }
  }

  static async load(reference: ReferenceData): Promise<Lanes> {
    const seed = await readSeed<{ services: ({ service: string } & MailClassRule)[] }>('mail-classes.json');
    return new Lanes(reference, new Map(seed.services.map((s) => [s.service, { mailCategory: s.mailCategory, mailSubclass: s.mailSubclass, registered: s.registered }])));
  }

  /** The carrier taking mail for a country over at a hub; undefined when none of the hub's carriers serves it. */
  carrierFor(hub: Hub, destinationCountry: string): Carrier | undefined {
    return this.carriers.get(hub.id)?.get(destinationCountry);
  }

  /** The lane of a parcel leaving a hub; undefined when no carrier of the hub serves its country or its service has no mail class. */
  laneFor(hub: Hub, destinationCountry: string, service: string): Lane | undefined {
    const carrier = this.carrierFor(hub, destinationCountry);
    const rule = this.rules.get(service);
    if (!carrier || !rule) return undefined;
    return {
      originOffice: hub.officeOfExchange,
      destinationOffice: carrier.officeOfExchange,
      mailCategory: rule.mailCategory,
      mailSubclass: rule.mailSubclass,
      carrierId: carrier.id,
    };
  }

  isRegistered(service: string): boolean {
    return this.rules.get(service)?.registered ?? false;
  }
}

export function isDangerousGoods(lithiumBatteries: string): boolean {
  return lithiumBatteries !== 'NONE';
}
