import { convertLines, dutyLines, exchangeRecord, finish, line, sum, versionOn, type ConvertedLine } from './common.js';
import type { Assessment, AssessmentLine, RateTable, TaxInput, TaxRules } from './types.js';

/**
 * Malaysia: Low Value Goods tax (10%) on goods sold online at <= RM500 on the sale price only,
 * excise goods excluded; otherwise postal consignments <= RM500 are free (de minimis), and above
 * it duty by HS chapter plus sales tax on value + duty.
 */
export function assessMalaysia(input: TaxInput, rules: TaxRules, rates: RateTable): Assessment {
  const v = versionOn(rules.malaysia.versions, input.declaredOn, 'Malaysian');
  const lines = convertLines(input, v.currency, rates);
  const value = sum(lines.map((l) => l.valueMinor));
  const table = rules.dutyTables[v.dutyTable];
  const base = {
    regime: 'MY' as const,
    ruleVersion: v.version,
    currency: v.currency,
    valueMinor: value,
    thresholds: [{ code: 'MY_LOW_VALUE', label: 'RM500: LVG ceiling and postal de minimis', amountMinor: v.deMinimisMinor, currency: v.currency }],
  };
  const inputs: Record<string, unknown> = { valueMinor: value, lines, category: input.category, taxId: input.taxId ?? null, exchangeRates: exchangeRecord(input, v.currency, rates), rateDate: input.declaredOn };
  const general = (subset: readonly ConvertedLine[], label: string): AssessmentLine[] => {
    if (subset.length === 0) return [];
    const duty = dutyLines(subset, table, `Import duty${label}`);
    const dutyTotal = sum(duty.map((d) => d.amountMinor));
    return [...duty, line('SALES_TAX', 'TAX', `Sales tax on value + duty${label}`, sum(subset.map((l) => l.valueMinor)) + dutyTotal, v.salesTaxRate)];
  };

  if (v.lvg && input.category === 'SALE_OF_GOODS' && value <= v.lvg.thresholdMinor) {
    const lvg = v.lvg;
    const excluded = lines.filter((l) => lvg.excludedHsPrefixes.some((p) => l.hsCode.startsWith(p)));
    const eligible = lines.filter((l) => !excluded.includes(l));
    const out: AssessmentLine[] = [];
    if (eligible.length) {
      out.push(line('LVG', 'TAX', 'Low Value Goods tax on the sale price', sum(eligible.map((l) => l.valueMinor)), lvg.rate, input.taxId ? 'COLLECTED_AT_SALE' : 'DUE'));
    }
    out.push(...general(excluded, ' (excise goods, excluded from LVG)'));
    const notes = [input.taxId ? 'The seller is registered for LVG (tax id declared): the tax was charged at sale.' : 'LVG is payable before release: no LVG registration was declared.'];
    if (excluded.length) notes.push(`Lines ${excluded.map((l) => l.lineNo).join(', ')} are tobacco, liquor or e-cigarettes: LVG does not apply to them.`);
    inputs.lvg = lvg;
    return finish(base, { basis: 'LVG', lines: out, inputs, notes });
  }
  if (value <= v.deMinimisMinor) {
    return finish(base, { basis: 'DE_MINIMIS', lines: [], inputs, notes: ['Postal consignment at or under RM500: free of import duty and sales tax.'] });
  }
  inputs.salesTaxRate = v.salesTaxRate;
  return finish(base, { basis: 'GENERAL', lines: general(lines, ''), inputs });
}
