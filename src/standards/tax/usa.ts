import { convertLines, dutyLines, exchangeRecord, finish, line, sum, versionOn } from './common.js';
import type { Assessment, RateTable, TaxInput, TaxRules, Threshold } from './types.js';

/** USA: de minimis until 2025-08-29, then ad valorem duty for every parcel at a rate by origin country. Bona fide gifts up to $100 stay exempt. */
export function assessUsa(input: TaxInput, rules: TaxRules, rates: RateTable): Assessment {
  const v = versionOn(rules.usa.versions, input.declaredOn, 'US');
  const lines = convertLines(input, v.currency, rates);
  const value = sum(lines.map((l) => l.valueMinor));
  const thresholds: Threshold[] = [];
  if (v.deMinimisMinor !== null) thresholds.push({ code: 'US_DE_MINIMIS', label: 'Section 321 de minimis', amountMinor: v.deMinimisMinor, currency: v.currency });
  if (v.giftExemptionMinor !== null && input.category === 'GIFT') thresholds.push({ code: 'US_GIFT', label: 'Gift exemption', amountMinor: v.giftExemptionMinor, currency: v.currency });
  const base = { regime: 'US' as const, ruleVersion: v.version, currency: v.currency, valueMinor: value, thresholds };
  const inputs: Record<string, unknown> = { valueMinor: value, lines, category: input.category, exchangeRates: exchangeRecord(input, v.currency, rates), rateDate: input.declaredOn };

  if (input.category === 'GIFT' && v.giftExemptionMinor !== null && value <= v.giftExemptionMinor) {
    return finish(base, { basis: 'GIFT_EXEMPT', lines: [], inputs, notes: ['A gift worth up to $100 is exempt.'] });
  }
  if (v.deMinimisMinor !== null && value <= v.deMinimisMinor) {
    return finish(base, { basis: 'DE_MINIMIS', lines: [], inputs, notes: ['At or under the Section 321 de minimis: no duty.'] });
  }
  const duty = lines.map((l) => {
    const rate = v.ratesByOrigin[l.originCountry] ?? v.ratesByOrigin.default;
    return line('US_DUTY', 'DUTY', `Ad valorem duty, line ${l.lineNo}, origin ${l.originCountry}`, l.valueMinor, rate);
  }).filter((l) => l.rate !== '0');
  if (v.dutyTable) duty.push(...dutyLines(lines, rules.dutyTables[v.dutyTable], 'Column 1 duty'));
  inputs.ratesByOrigin = v.ratesByOrigin;
  return finish(base, {
    basis: 'AD_VALOREM',
    lines: duty,
    inputs,
    notes: v.deMinimisMinor === null ? ['No de minimis (suspended since 2025-08-29): every parcel pays duty.'] : [],
  });
}
