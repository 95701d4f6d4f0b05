import { convertLines, exchangeRecord, finish, line, percent, sum, versionOn } from './common.js';
import type { Assessment, AssessmentLine, RateTable, TaxInput, TaxRules } from './types.js';

/** Exact decimal string of n/1000 (minor units per kg → per gram). */
export function perThousand(n: number): string {
  return `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`;
}

/**
 * Russia and the EAEU: free up to the value and weight limits per parcel; beyond, 15% of the value
 * above the limit, but not less than EUR 2 per kg above the weight limit (the larger applies).
 */
export function assessEaeu(input: TaxInput, rules: TaxRules, rates: RateTable): Assessment {
  const v = versionOn(rules.eaeu.versions, input.declaredOn, 'EAEU');
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
