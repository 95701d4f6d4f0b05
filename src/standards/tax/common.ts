import { applyRate } from '../money.js';
import { TaxRuleError, type Assessment, type AssessmentLine, type Dated, type DutyTable, type RateTable, type TaxInput, type Threshold } from './types.js';

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
  const currencies = new Set([currency, ...input.lines.map((l) => l.currency)]);
  return Object.fromEntries([...currencies].sort().map((c) => [c, rates.rateOn(c, input.declaredOn) ?? null]));
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

export function finish(
  partial: Omit<Assessment, 'dutyMinor' | 'taxMinor' | 'dueMinor' | 'collectedAtSaleMinor' | 'thresholds' | 'notes'> & { thresholds?: Threshold[]; notes?: string[] },
): Assessment {
  const applied = partial.lines.filter((l) => l.treatment !== 'NOT_APPLIED');
  return {
    ...partial,
    thresholds: partial.thresholds ?? [],
    notes: partial.notes ?? [],
    dutyMinor: sum(applied.filter((l) => l.kind === 'DUTY').map((l) => l.amountMinor)),
    taxMinor: sum(applied.filter((l) => l.kind === 'TAX').map((l) => l.amountMinor)),
    dueMinor: sum(partial.lines.filter((l) => l.treatment === 'DUE').map((l) => l.amountMinor)),
    collectedAtSaleMinor: sum(partial.lines.filter((l) => l.treatment === 'COLLECTED_AT_SALE').map((l) => l.amountMinor)),
  };
}

/** "0.15" → "15%", for labels. */
export function percent(rate: string): string {
  return `${Number((Number(rate) * 100).toFixed(4))}%`;
}
