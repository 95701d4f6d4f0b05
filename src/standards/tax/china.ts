import { convertLines, dutyLines, exchangeRecord, finish, line, sum, versionOn } from './common.js';
import type { Assessment, RateTable, TaxInput, TaxRules } from './types.js';

/**
 * China cross-border e-commerce retail import: within CNY 5,000 per transaction and CNY 26,000 a
 * year per buyer, tariff 0 and import VAT/consumption tax at 70% (9.1% for ordinary goods);
 * beyond either limit (or for anything that is not a sale), the general rule: duty by chapter and VAT.
 */
export function assessChina(input: TaxInput, rules: TaxRules, rates: RateTable): Assessment {
  const v = versionOn(rules.china.versions, input.declaredOn, 'Chinese');
  const lines = convertLines(input, v.currency, rates);
  const value = sum(lines.map((l) => l.valueMinor));
  const yearToDate = input.buyerYearToDateMinor ?? 0;
  const base = {
    regime: 'CN' as const,
    ruleVersion: v.version,
    currency: v.currency,
    valueMinor: value,
    thresholds: [{ code: 'CN_CBEC_TRANSACTION', label: 'CBEC limit per transaction', amountMinor: v.perTransactionLimitMinor, currency: v.currency }],
  };
  const inputs = {
    valueMinor: value, lines, category: input.category, buyerYearToDateMinor: yearToDate,
    perTransactionLimitMinor: v.perTransactionLimitMinor, annualLimitMinor: v.annualLimitMinor,
    exchangeRates: exchangeRecord(input, v.currency, rates), rateDate: input.declaredOn,
  };
  const sale = input.category === 'SALE_OF_GOODS';
  const withinTransaction = value <= v.perTransactionLimitMinor;
  const withinYear = yearToDate + value <= v.annualLimitMinor;

  if (sale && withinTransaction && withinYear) {
    const taxes = lines.map((l) => line('CBEC_TAX', 'TAX', `CBEC import VAT and consumption tax at 70%, line ${l.lineNo}`, l.valueMinor, v.cbecRateByChapter[l.chapter] ?? v.cbecRate));
    return finish(base, { basis: 'CBEC', lines: [line('CBEC_TARIFF', 'DUTY', 'CBEC tariff', value, '0'), ...taxes], inputs });
  }
  const duty = dutyLines(lines, rules.dutyTables[v.dutyTable], 'Import duty');
  const vat = line('VAT', 'TAX', 'Import VAT on value + duty', value + sum(duty.map((d) => d.amountMinor)), v.generalVatRate);
  const reason = !sale ? 'not a retail sale' : !withinTransaction ? 'over CNY 5,000 for one transaction' : "over the buyer's CNY 26,000 annual limit";
  return finish(base, { basis: 'GENERAL', lines: [...duty, vat], inputs, notes: [`General import rule: ${reason}.`] });
}
