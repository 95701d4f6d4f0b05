import type { NameScreen } from './similarity.js';
import type { Threshold } from '../../../standards/tax/index.js';

export interface RiskHit {
  code: string;
  weight: number;
  /** One sentence an officer (or the seller, on appeal) understands. */
  explanation: string;
  detail?: Record<string, unknown>;
}

export interface RiskLine {
  lineNo: number;
  description: string;
  quantity: number;
  hsCode: string;
  valueMinor: number;
  currency: string;
  netWeightG: number;
}

export interface RiskParty {
  role: 'sender' | 'addressee';
  name: string;
  company?: string | null;
}

/** Everything a rule may look at: the declaration, its assessment, reference data and batch statistics. */
export interface RiskContext {
  lines: RiskLine[];
  currency: string;
  totalValueMinor: number;
  valueSdrMinor: number;
  grossWeightG: number;
  netWeightG: number;
  lithiumBatteries: string;
  parties: RiskParty[];
  assessment: { currency: string; valueMinor: number; thresholds: Threshold[] };
  /** Converts minor units into the reference currency of the risk data; undefined without a rate. */
  toReference(amountMinor: number, currency: string): number | undefined;
  /** "12.50 EUR", with the currency's minor units. */
  format(amountMinor: number, currency: string): string;
  /** Earlier parcels to the same addressee inside the split-shipment window (this one excluded). */
  addresseeWindow?: { parcels: number; valueSdrMinor: number };
  /** The weight the hub measured, when it differs from the declaration. */
  measuredWeightG?: number | null;
}

export interface DeniedParty {
  id: string;
  name: string;
  country: string;
  list: string;
}

/** seed/risk-rules.json, compiled once. */
export interface RiskData {
  referenceCurrency: string;
  lanes: { amberFrom: number; redFrom: number };
  undervaluation: { weight: number; ratio: string; referenceUnitValues: Record<string, { minor: number; label: string }> };
  valuePerKg: { weight: number; minMinorPerKg: number; maxMinorPerKg: number; exemptChapters: string[] };
  nearThreshold: { weight: number; band: string };
  watchList: { prefix: string; weight: number; reason: string }[];
  batteries: { weight: number; keywords: string[]; hsPrefixes: string[]; pattern: RegExp };
  vagueDescription: { weight: number; minWords: number; vagueWords: Set<string>; fillerWords: Set<string> };
  deniedParty: { weight: number; threshold: string; screen: NameScreen<DeniedParty> };
  splitShipment: { weight: number; windowHours: number; minParcels: number; thresholdSdrMinor: number };
  weightMismatch: { weight: number; toleranceG: number; tolerance: string };
}

export type Lane = 'GREEN' | 'AMBER' | 'RED';

/** A pluggable rule: pure, returns zero or more hits. */
export interface RiskRule {
  code: string;
  evaluate(ctx: RiskContext, data: RiskData): RiskHit[];
}
