import { convertLines, dutyLines, exchangeRecord, finish, line, sum, versionOn } from './common.js';
import type { Assessment, RateTable, TaxInput, TaxRules } from './types.js';

/** Every other country: nothing due at or under the de minimis; above it, duty by HS chapter and VAT on value + duty. */
export function assessGeneric(input: TaxInput, rules: TaxRules, rates: RateTable): Assessment {
  const v = versionOn(rules.generic.versions, input.declaredOn, 'generic');
  const country = v.countries[input.destination] ?? v.default;
  const lines = convertLines(input, country.currency, rates);
  const value = sum(lines.map((l) => l.valueMinor));
  const base = {
    regime: 'GENERIC' as const,
    ruleVersion: v.version,
    currency: country.currency,
    valueMinor: value,
    thresholds: country.deMinimisMinor > 0 ? [{ code: 'DE_MINIMIS', label: `${input.destination} de minimis`, amountMinor: country.deMinimisMinor, currency: country.currency }] : [],
  };
  const inputs = { valueMinor: value, lines, country: { code: input.destination, ...country, listed: input.destination in v.countries }, exchangeRates: exchangeRecord(input, country.currency, rates), rateDate: input.declaredOn };
  if (value <= country.deMinimisMinor) {
    return finish(base, { basis: 'DE_MINIMIS', lines: [], inputs, notes: ['At or under the de minimis: nothing is due.'] });
  }
  const duty = dutyLines(lines, rules.dutyTables[v.dutyTable], 'Import duty');
  const vat = line('VAT', 'TAX', `VAT/GST ${input.destination} on value + duty`, value + sum(duty.map((d) => d.amountMinor)), country.vatRate);
  return finish(base, { basis: 'GENERAL', lines: [...duty, vat], inputs });
}
