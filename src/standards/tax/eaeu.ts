import { convertLines, exchangeRecord, finish, line, percent, sum, versionOn } from './common.js';
import { TaxRuleError, type Assessment, type AssessmentLine, type EaeuVersion, type RateTable, type TaxInput, type TaxRules } from './types.js';

/** Exact decimal string of n/1000 (minor units per kg → per gram). */
export function perThousand(n: number): string {
  return `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`;
}

/**
 * Russia and the EAEU: free up to the value and weight limits per parcel; beyond, 15% of the value
 * above the limit, but not less than EUR 2 per kg above the weight limit (the larger applies).
 * From 2026-07-01 (basis WHOLE_VALUE) see assessWholeValue.
 */
export function assessEaeu(input: TaxInput, rules: TaxRules, rates: RateTable): Assessment {
  const v = versionOn(rules.eaeu.versions, input.declaredOn, 'EAEU');
  if (v.basis === 'WHOLE_VALUE') return assessWholeValue(input, v, rates);
  const lines = convertLines(input, v.currency, rates);
  const value = sum(lines.map((l) => l.valueMinor));
  const excessValue = Math.max(0, value - v.valueLimitMinor);
  const excessWeight = Math.max(0, input.grossWeightG - v.weightLimitG);
  const candidates: AssessmentLine[] = [];
  if (excessValue > 0) candidates.push(line('EAEU_VALUE', 'DUTY', `${percent(v.rate)} of the value above the limit`, excessValue, v.rate));
  if (excessWeight > 0) candidates.push(line('EAEU_WEIGHT', 'DUTY', 'Minimum per kg above the weight limit', excessWeight, perThousand(v.minPerKgMinor), 'DUE', 'GRAM'));
  if (candidates.length === 2) {
    const [byValue, byWeight] = candidates;
    if (byWeight.amountMinor > byValue.amountMinor) byValue.treatment = 'NOT_APPLIED';
    else byWeight.treatment = 'NOT_APPLIED';
  }
  return finish(
    {
      regime: 'EAEU',
      ruleVersion: v.version,
      currency: v.currency,
      valueMinor: value,
      thresholds: [{ code: 'EAEU_VALUE_LIMIT', label: 'EAEU duty-free value per parcel', amountMinor: v.valueLimitMinor, currency: v.currency }],
    },
    {
      basis: candidates.length ? 'ABOVE_LIMIT' : 'DUTY_FREE',
      lines: candidates,
      inputs: {
        valueMinor: value, grossWeightG: input.grossWeightG, valueLimitMinor: v.valueLimitMinor, weightLimitG: v.weightLimitG,
        rate: v.rate, minPerKgMinor: v.minPerKgMinor, excessValueMinor: excessValue, excessWeightG: excessWeight,
        exchangeRates: exchangeRecord(input, v.currency, rates), rateDate: input.declaredOn,
      },
      notes: candidates.length === 2 ? ['Both limits are exceeded: the larger of the value and the weight charge applies.'] : [],
    },
  );
}

/**
 * EAEU e-commerce rule from 2026-07-01: free up to the limits; beyond either, a duty of the rate on the
 * whole value, at least the minimum per kg of the whole gross weight, plus the member state's VAT on
 * value + duty.
 */
function assessWholeValue(input: TaxInput, v: EaeuVersion, rates: RateTable): Assessment {
  const lines = convertLines(input, v.currency, rates);
  const value = sum(lines.map((l) => l.valueMinor));
  const vatRate = v.vatRates?.[input.destination];
  if (!vatRate) throw new TaxRuleError(`No VAT rate for EAEU member ${input.destination} in ${v.version}.`);
  const above = value > v.valueLimitMinor || input.grossWeightG > v.weightLimitG;
  const out: AssessmentLine[] = [];
  const notes: string[] = [];
  if (above) {
    const byValue = line('EAEU_VALUE', 'DUTY', `${percent(v.rate)} of the whole value`, value, v.rate);
    const byWeight = line('EAEU_WEIGHT', 'DUTY', 'Minimum per kg of the whole gross weight', input.grossWeightG, perThousand(v.minPerKgMinor), 'DUE', 'GRAM');
    if (byWeight.amountMinor > byValue.amountMinor) {
      byValue.treatment = 'NOT_APPLIED';
      notes.push('The minimum per kg is larger than the duty on the value: it applies.');
    } else byWeight.treatment = 'NOT_APPLIED';
    const duty = byValue.treatment === 'DUE' ? byValue.amountMinor : byWeight.amountMinor;
    out.push(byValue, byWeight, line('VAT', 'TAX', `Import VAT ${input.destination} on value + duty`, value + duty, vatRate));
  }
  return finish(
    {
      regime: 'EAEU',
      ruleVersion: v.version,
      currency: v.currency,
      valueMinor: value,
      thresholds: [{ code: 'EAEU_VALUE_LIMIT', label: 'EAEU duty-free value per parcel', amountMinor: v.valueLimitMinor, currency: v.currency }],
    },
    {
      basis: above ? 'ABOVE_LIMIT' : 'DUTY_FREE',
      lines: out,
      inputs: {
        valueMinor: value, grossWeightG: input.grossWeightG, valueLimitMinor: v.valueLimitMinor, weightLimitG: v.weightLimitG,
        rate: v.rate, minPerKgMinor: v.minPerKgMinor, vatRate, exchangeRates: exchangeRecord(input, v.currency, rates), rateDate: input.declaredOn,
      },
      notes,
    },
  );
}
