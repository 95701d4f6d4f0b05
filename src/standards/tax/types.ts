/** Types of the pure duty-and-tax engine (no I/O): rules and rates come in, an explained assessment comes out. */

/** Exchange at a day's rates; undefined when the table has no rate. */
export interface RateTable {
  convert(amountMinor: number, from: string, to: string, day: string): number | undefined;
  /** The rate table entry used, for the record (units per base currency). */
  rateOn(currency: string, day: string): string | undefined;
}

export interface TaxLineInput {
  hsCode: string;
  description: string;
  quantity: number;
  valueMinor: number;
  currency: string;
  netWeightG: number;
  originCountry: string;
}

export interface TaxInput {
  destination: string;
  destinationIsEu: boolean;
  /** YYYY-MM-DD: picks the rule version and the exchange rates. */
  declaredOn: string;
  category: string;
  lines: TaxLineInput[];
  grossWeightG: number;
  iossNumber?: string | null;
  taxId?: string | null;
  /** China CBEC: what this buyer identity already imported this calendar year, in CNY minor units. */
  buyerYearToDateMinor?: number;
}

/** DUE: payable at the border; COLLECTED_AT_SALE: charged by the seller (IOSS, LVG); NOT_APPLIED: computed for comparison only. */
export type LineTreatment = 'DUE' | 'COLLECTED_AT_SALE' | 'NOT_APPLIED';

/** One arithmetic line: amount = base × rate, rounded half-up to the minor unit. */
export interface AssessmentLine {
  code: string;
  kind: 'DUTY' | 'TAX';
  label: string;
  /** Minor units of the assessment currency, grams, or a count (see baseUnit). */
  baseMinor: number;
  baseUnit: 'MINOR' | 'GRAM' | 'COUNT';
  rate: string;
  amountMinor: number;
  treatment: LineTreatment;
}

/** A value line a regime draws (de minimis, IOSS ceiling …): risk rules look for values just under it. */
export interface Threshold {
  code: string;
  label: string;
  amountMinor: number;
  currency: string;
}

export type RegimeId = 'MY' | 'EAEU' | 'EU' | 'US' | 'CN' | 'GENERIC';

export interface Assessment {
  regime: RegimeId;
  /** The path taken inside the regime, e.g. LVG, DE_MINIMIS, GENERAL, IOSS, CBEC. */
  basis: string;
  ruleVersion: string;
  currency: string;
  /** The consignment's value in the assessment currency (sum of converted lines). */
  valueMinor: number;
  lines: AssessmentLine[];
  dutyMinor: number;
  taxMinor: number;
  /** Payable at the border (DUE lines). */
  dueMinor: number;
  collectedAtSaleMinor: number;
  thresholds: Threshold[];
  /** Everything the computation used: converted values, rates, rule parameters. */
  inputs: Record<string, unknown>;
  notes: string[];
}

export interface Dated {
  effectiveFrom: string;
  version: string;
  note?: string;
}

export interface DutyTable {
  default: string;
  chapters: Record<string, string>;
}

export interface MalaysiaVersion extends Dated {
  currency: string;
  deMinimisMinor: number;
  lvg: { thresholdMinor: number; rate: string; excludedHsPrefixes: string[] } | null;
  salesTaxRate: string;
  dutyTable: string;
}

export interface EaeuVersion extends Dated {
  currency: string;
  valueLimitMinor: number;
  weightLimitG: number;
  rate: string;
  minPerKgMinor: number;
}

export interface EuVersion extends Dated {
  currency: string;
  iossLimitMinor: number;
  flatDutyPerSubheadingMinor: number | null;
  fullTariffFromFirstEuro?: boolean;
  dutyTable: string;
}

export interface UsaVersion extends Dated {
  currency: string;
  deMinimisMinor: number | null;
  giftExemptionMinor: number | null;
  ratesByOrigin: Record<string, string>;
}

export interface ChinaVersion extends Dated {
  currency: string;
  perTransactionLimitMinor: number;
  annualLimitMinor: number;
  cbecRate: string;
  cbecRateByChapter: Record<string, string>;
  generalVatRate: string;
  dutyTable: string;
}

export interface GenericCountry {
  currency: string;
  deMinimisMinor: number;
  vatRate: string;
}

export interface GenericVersion extends Dated {
  dutyTable: string;
  default: GenericCountry;
  countries: Record<string, GenericCountry>;
}

/** seed/tax-rules.json */
export interface TaxRules {
  dutyTables: Record<string, DutyTable>;
  malaysia: { countries: string[]; versions: MalaysiaVersion[] };
  eaeu: { countries: string[]; versions: EaeuVersion[] };
  eu: { vatRates: Record<string, string>; versions: EuVersion[] };
  usa: { countries: string[]; versions: UsaVersion[] };
  china: { countries: string[]; versions: ChinaVersion[] };
  generic: { versions: GenericVersion[] };
}

/** A rule the engine cannot apply (no version for the date, no exchange rate): the input is wrong, not the code. */
export class TaxRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaxRuleError';
  }
}
