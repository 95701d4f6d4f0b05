import { applyRate } from '../money.js';
import { TaxRuleError, type Assessment, type AssessmentLine, type Dated, type DutyTable, type RateTable, type TaxInput } from './types.js';

/** The version in force on a day: the latest whose effectiveFrom is on or before it. */
export function versionOn<V extends Dated>(versions: readonly V[], day: string, regime: string): V {
  let found: V | undefined;
  for (const v of versions) if (v.effectiveFrom <= day && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  if (!found) throw new TaxRuleError(`No ${regime} tax rules in force on ${day}.`);
  return found;
}

export function convertOrThrow(rates: RateTable, amountMinor: number, from: string, to: string, day: string): number {
  const value = rates.convert(amountMinor, from, to, day);
  if (value === undefined) throw new TaxRuleError(`No exchange rate from ${from} to ${to} on ${day}.`);
  return value;
}

export interface ConvertedLine {
  lineNo: number;
  hsCode: string;
  chapter: string;
  subheading: string;
  originCountry: string;
  valueMinor: number;
}

/** Converts each line to the assessment currency at the day's rates (each rounded half-up). */
export function convertLines(input: TaxInput, currency: string, rates: RateTable): ConvertedLine[] {
  return input.lines.map((l, i) => ({
    lineNo: i + 1,
    hsCode: l.hsCode,
    chapter: l.hsCode.slice(0, 2),
    subheading: l.hsCode.slice(0, 6),
    originCountry: l.originCountry,
    valueMinor: convertOrThrow(rates, l.valueMinor, l.currency, currency, input.declaredOn),
  }));
}

export function exchangeRecord(input: TaxInput, currency: string, rates: RateTable): Record<string, string | null> {
  const currencies = [currency];
  for (const l of input.lines) if (!currencies.includes(l.currency)) currencies.push(l.currency);
  const record: Record<string, string | null> = {};
  for (const c of currencies.sort()) record[c] = rates.rateOn(c, input.declaredOn) ?? null;
  return record;
}

export function dutyRate(table: DutyTable | undefined, chapter: string): string {
  if (!table) throw new TaxRuleError('Duty table missing from the tax rules.');
  return table.chapters[chapter] ?? table.default;
}

export function line(
  code: string,
  kind: AssessmentLine['kind'],
  label: string,
  baseMinor: number,
  rate: string,
  treatment: AssessmentLine['treatment'] = 'DUE',
  baseUnit: AssessmentLine['baseUnit'] = 'MINOR',
): AssessmentLine {
  return { code, kind, label, baseMinor, baseUnit, rate, amountMinor: applyRate(baseMinor, rate), treatment };
}

/** Duty per line at the chapter rate, one arithmetic line each. */
export function dutyLines(lines: readonly ConvertedLine[], table: DutyTable | undefined, label: string): AssessmentLine[] {
  return lines.map((l) => line('DUTY', 'DUTY', `${label}, line ${l.lineNo} (HS chapter ${l.chapter})`, l.valueMinor, dutyRate(table, l.chapter)));
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** What every path through a regime shares. */
export type AssessmentBase = Pick<Assessment, 'regime' | 'ruleVersion' | 'currency' | 'valueMinor' | 'thresholds'>;

/** The path taken through a regime: its basis, lines, inputs and notes. */
export type AssessmentPath = Pick<Assessment, 'basis' | 'lines' | 'inputs'> & { notes?: string[] };

/**
 * The assessment with its totals. Built as one object literal rather than by spreading the parts:
 * V8 adds keys to a spread copy slowly, and this runs for every parcel.
 */
export function finish(base: AssessmentBase, path: AssessmentPath): Assessment {
  let dutyMinor = 0;
  let taxMinor = 0;
  let dueMinor = 0;
  let collectedAtSaleMinor = 0;
  for (const l of path.lines) {
    if (l.treatment !== 'NOT_APPLIED') {
      if (l.kind === 'DUTY') dutyMinor += l.amountMinor;
      else taxMinor += l.amountMinor;
    }
    if (l.treatment === 'DUE') dueMinor += l.amountMinor;
    else if (l.treatment === 'COLLECTED_AT_SALE') collectedAtSaleMinor += l.amountMinor;
  }
  return {
    regime: base.regime,
    basis: path.basis,
    ruleVersion: base.ruleVersion,
    currency: base.currency,
    valueMinor: base.valueMinor,
    lines: path.lines,
    dutyMinor,
    taxMinor,
    dueMinor,
    collectedAtSaleMinor,
    thresholds: base.thresholds,
    inputs: path.inputs,
    notes: path.notes ?? [],
  };
}

/** "0.15" → "15%", for labels. */
export function percent(rate: string): string {
  return `${Number((Number(rate) * 100).toFixed(4))}%`;
}
