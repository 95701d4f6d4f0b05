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
  /** The seller's tax registration (Malaysian LVG registered-seller number). */
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

/** How far a rule version is backed: a primary or credible source, secondary reports only, or not confirmed. */
export type Confidence = 'VERIFIED' | 'REPORTED' | 'UNVERIFIED';

export interface RuleSource {
  url: string;
  title: string;
  /** YYYY-MM-DD: when the source was published. */
  date: string;
}

/** A worked case a version carries: loading the version computes it and refuses the version if it differs. */
export interface WorkedExample {
  name: string;
  input: TaxInput;
  expect: Partial<Pick<Assessment, 'ruleVersion' | 'basis' | 'currency' | 'valueMinor' | 'dutyMinor' | 'taxMinor' | 'dueMinor' | 'collectedAtSaleMinor'>>;
}

export interface Dated {
  effectiveFrom: string;
  version: string;
  note?: string;
  sources?: RuleSource[];
  confidence?: Confidence;
  /** What the declaration must carry for this destination while the version is in force. */
  requirements?: DeclarationRequirement[];
  examples?: WorkedExample[];
}

/** A declaration field the destination's rules need, checked at declaration time. */
export interface DeclarationRequirement {
  /** Stable error code returned with the field path, e.g. HS_SUBHEADING_REQUIRED. */
  code: string;
  /** HS_DIGITS: every line's HS code has at least minDigits digits; the others: the field is present. */
  field: 'lines[].hsCode' | 'iossNumber' | 'taxId' | 'importerReference';
  minDigits?: number;
  when?: {
    categories?: string[];
    /** Destination countries within the regime (EAEU members, EU states); all when absent. */
    countries?: string[];
    /** Only when the seller declares that the destination's tax was charged at sale (IOSS, LVG). */
    taxCollectedAtSale?: boolean;
    /** Only when the consignment's value in the version's currency is above / at most this. */
    valueAboveMinor?: number;
    valueAtMostMinor?: number;
  };
  message: string;
  confidence?: Confidence;
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
  /**
   * EXCESS (2019-2026): rate on the value above the limit, minimum per kg above the weight limit.
   * WHOLE_VALUE (from 2026-07-01): above the limit, rate on the whole value (minimum per kg of the whole
   * gross weight) plus the member state's VAT on value + duty.
   */
  basis?: 'EXCESS' | 'WHOLE_VALUE';
  vatRates?: Record<string, string>;
}

export interface HandlingFee {
  /** Per consignment, in the fee's own currency (converted at the day's rate). */
  amountMinor: number;
  currency: string;
  label: string;
}

export interface EuVersion extends Dated {
  currency: string;
  iossLimitMinor: number;
  flatDutyPerSubheadingMinor: number | null;
  /** ALL: every consignment <= the limit; IOSS: only those declared under IOSS (the others keep duty relief). */
  flatDutyScope?: 'ALL' | 'IOSS';
  /** National fees per member state on consignments <= iossLimitMinor (Italy, Romania 2026). */
  handlingFees?: Record<string, HandlingFee>;
  fullTariffFromFirstEuro?: boolean;
  dutyTable: string;
}

export interface UsaVersion extends Dated {
  currency: string;
  deMinimisMinor: number | null;
  giftExemptionMinor: number | null;
  ratesByOrigin: Record<string, string>;
  /** When set, ordinary (column 1) duty by HS chapter applies besides any rate by origin. */
  dutyTable?: string;
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
