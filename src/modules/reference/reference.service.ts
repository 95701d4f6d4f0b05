import type { Queryable } from '../../db/database.js';
import { applyConversion, conversion, type Conversion } from '../../standards/money.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { readSeed } from './reference.seeder.js';
import { RegimeBook } from './regime-book.js';

export interface Country { code: string; name: string; currency: string; region: string; euMember: boolean }
export interface Currency { code: string; name: string; minorUnits: number }
export interface HsEntry { code: string; title: string }
export interface S10Series { service: string; serviceIndicator: string; firstSerial: number; lastSerial: number; sequenceName: string }
export interface Hub { id: string; code: string; name: string; countryCode: string; officeOfExchange: string; s10Country: string; timezone: string; series: Map<string, S10Series> }
export interface Carrier {
  id: string;
  code: string;
  name: string;
  countryCode: string;
  officeOfExchange: string;
  destinations: string[];
  /** The hubs it takes mail over from (carrier_hubs). */
  hubIds: string[];
}
interface DatedRate { validFrom: string; perBase: string }
export interface DeclarationRules {
  vagueWords: Set<string>;
  fillerWords: Set<string>;
  maxLines: number;
  maxGrossWeightGrams: number;
  iossPattern: RegExp;
}

/** SDR is kept in the rate table as ISO 4217 XDR. */
export const SDR = 'XDR';

const MAX_CONVERSIONS = 10_000;

/**
 * Reference data held in memory: it changes only through the seeder, and validation of a
 * 5,000-parcel bulk call must not cost 5,000 look-ups.
 */
export class ReferenceData {
  private readonly hubsById: Map<string, Hub>;
  /** Exchange fractions per (from, to, day): a bulk call converts the same few pairs for every parcel. */
  private readonly conversions = new Map<string, Conversion | null>();

  private constructor(
    readonly countries: Map<string, Country>,
    readonly currencies: Map<string, Currency>,
    private readonly rates: Map<string, DatedRate[]>,
    readonly hsChapters: Map<string, HsEntry & { section: string }>,
    readonly hsHeadings: Map<string, HsEntry>,
    readonly hsSubheadings: Map<string, HsEntry>,
    readonly hubs: Hub[],
    /** Where a seller organisation without a hub of its own declares (seed/hubs.json defaultHub). */
    readonly defaultHub: Hub,
    readonly carriers: Carrier[],
    readonly declarationRules: DeclarationRules,
    /** Duty and tax rules: the seed plus versions loaded at run time. */
    readonly regimes: RegimeBook,
  ) {
    this.hubsById = new Map(hubs.map((h) => [h.id, h]));
  }

  static async load(db: Queryable, clock: Clock = systemClock): Promise<ReferenceData> {
    const [countries, currencies, rates, chapters, headings, subheadings, hubRows, series, carriers, rules, regimes, hubFile] = await Promise.all([
      db.query<Country>('SELECT code, name, currency, region, eu_member AS "euMember" FROM countries'),
      db.query<Currency>('SELECT code, name, minor_units AS "minorUnits" FROM currencies'),
      db.query<{ currency: string; validFrom: string; perBase: string }>(
        `SELECT currency, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", per_base::text AS "perBase" FROM exchange_rates ORDER BY currency, valid_from`,
      ),
      db.query<HsEntry & { section: string }>('SELECT code, section, title FROM hs_chapters'),
      db.query<HsEntry>('SELECT code, title FROM hs_headings'),
      db.query<HsEntry>('SELECT code, title FROM hs_subheadings'),
      db.query<Omit<Hub, 'series'>>(
        `SELECT id, code, name, country_code AS "countryCode", office_of_exchange AS "officeOfExchange", s10_country AS "s10Country", timezone FROM hubs ORDER BY code`,
      ),
      db.query<S10Series & { hubId: string }>(
        `SELECT hub_id AS "hubId", service, service_indicator AS "serviceIndicator", first_serial AS "firstSerial", last_serial AS "lastSerial", sequence_name AS "sequenceName" FROM s10_series`,
      ),
      db.query<Carrier>(
        `SELECT id, code, name, country_code AS "countryCode", office_of_exchange AS "officeOfExchange", destinations,
                ARRAY(SELECT hub_id::text FROM carrier_hubs ch WHERE ch.carrier_id = c.id ORDER BY hub_id) AS "hubIds"
           FROM carriers c ORDER BY code`,
      ),
      readSeed<{ vagueWords: string[]; fillerWords: string[]; maxLines: number; maxGrossWeightGrams: number; iossPattern: string }>(
        'declaration-rules.json',
      ),
      RegimeBook.load(db, clock),
      readSeed<{ defaultHub?: string }>('hubs.json'),
    ]);
    const hubs: Hub[] = hubRows.map((h) => ({ ...h, series: new Map(series.filter((s) => s.hubId === h.id).map((s) => [s.service, s])) }));
    const defaultHub = hubs.length === 1 ? hubs[0] : hubs.find((h) => h.code === hubFile.defaultHub);
    if (!defaultHub) throw new Error(`seed/hubs.json: defaultHub ${hubFile.defaultHub ?? '(none)'} is not one of the ${hubs.length} hubs.`);
    const rateMap = new Map<string, DatedRate[]>();
    for (const r of rates) {
      const list = rateMap.get(r.currency) ?? [];
      list.push({ validFrom: r.validFrom, perBase: r.perBase });
      rateMap.set(r.currency, list);
    }
    return new ReferenceData(
      new Map(countries.map((c) => [c.code, c])),
      new Map(currencies.map((c) => [c.code, c])),
      rateMap,
      new Map(chapters.map((c) => [c.code, c])),
      new Map(headings.map((h) => [h.code, h])),
      new Map(subheadings.map((h) => [h.code, h])),
      hubs,
      defaultHub,
      carriers,
      {
        vagueWords: new Set(rules.vagueWords),
        fillerWords: new Set(rules.fillerWords),
        maxLines: rules.maxLines,
        maxGrossWeightGrams: rules.maxGrossWeightGrams,
        iossPattern: new RegExp(rules.iossPattern),
      },
      regimes,
    );
  }

  /** The rate in force on a day (YYYY-MM-DD): the latest entry valid from that day or before. */
  rateOn(currency: string, day: string): string | undefined {
    const list = this.rates.get(currency);
    if (!list) return undefined;
    let found: string | undefined;
    for (const entry of list) {
      if (entry.validFrom <= day) found = entry.perBase;
      else break;
    }
    return found;
  }

  /** Converts minor units between currencies at the day's rates; undefined when a rate is missing. */
  convert(amountMinor: number, from: string, to: string, day: string): number | undefined {
    if (from === to) return amountMinor;
    const key = `${from}>${to}@${day}`;
    let c = this.conversions.get(key);
    if (c === undefined) {
      c = this.conversionOn(from, to, day);
      if (this.conversions.size >= MAX_CONVERSIONS) this.conversions.clear();
      this.conversions.set(key, c);
    }
    return c ? applyConversion(amountMinor, c) : undefined;
  }

  private conversionOn(from: string, to: string, day: string): Conversion | null {
    const fromRate = this.rateOn(from, day);
    const toRate = this.rateOn(to, day);
    const fromCurrency = this.currencies.get(from);
    const toCurrency = this.currencies.get(to);
    if (!fromRate || !toRate || !fromCurrency || !toCurrency) return null;
    return conversion({ perBase: fromRate, minorUnits: fromCurrency.minorUnits }, { perBase: toRate, minorUnits: toCurrency.minorUnits });
  }

  hubByCode(code: string): Hub | undefined {
    return this.hubs.find((h) => h.code === code);
  }

  hubById(id: string): Hub | undefined {
    return this.hubsById.get(id);
  }

  carrierByCode(code: string): Carrier | undefined {
    return this.carriers.find((c) => c.code === code);
  }
}
