import { convertLines, convertOrThrow, dutyLines, exchangeRecord, finish, line, sum, versionOn } from './common.js';
import { TaxRuleError, type Assessment, type AssessmentLine, type RateTable, type TaxInput, type TaxRules } from './types.js';

/**
 * EU: VAT from the first euro at the member state's rate. With an IOSS number and an intrinsic value
 * <= EUR 150 the VAT was collected at sale. Consignments <= EUR 150 have duty relief, replaced from
 * 2026-07-01 by a flat EUR 3 per distinct 6-digit subheading; above EUR 150, duty by HS chapter and
 * VAT on value + duty.
 */
export function assessEu(input: TaxInput, rules: TaxRules, rates: RateTable): Assessment {
  const v = versionOn(rules.eu.versions, input.declaredOn, 'EU');
  const vatRate = rules.eu.vatRates[input.destination];
  if (!vatRate) throw new TaxRuleError(`No VAT rate for EU member state ${input.destination}.`);
  const lines = convertLines(input, v.currency, rates);
  const value = sum(lines.map((l) => l.valueMinor));
  const lowValue = value <= v.iossLimitMinor;
  const ioss = Boolean(input.iossNumber) && lowValue;
  const notes: string[] = [];

  let duty: AssessmentLine[] = [];
  const flatDuty = v.flatDutyPerSubheadingMinor !== null && (v.flatDutyScope !== 'IOSS' || ioss);
  if (lowValue && flatDuty) {
    const subheadings = [...new Set(lines.map((l) => l.subheading))].sort();
    duty = [line('EU_FLAT_DUTY', 'DUTY', `Flat duty per distinct HS subheading (${subheadings.join(', ')})`, subheadings.length, String(v.flatDutyPerSubheadingMinor), 'DUE', 'COUNT')];
  } else if (lowValue && !v.fullTariffFromFirstEuro) {
    notes.push(v.flatDutyPerSubheadingMinor !== null
      ? 'Intrinsic value at or under EUR 150, not under IOSS: the flat duty applies only to IOSS consignments, so duty relief remains.'
      : 'Intrinsic value at or under EUR 150: relief from customs duty.');
  } else {
    duty = dutyLines(lines, rules.dutyTables[v.dutyTable], 'Customs duty');
  }
  const dutyTotal = sum(duty.map((d) => d.amountMinor));
  const vat = ioss
    ? line('VAT', 'TAX', `VAT ${input.destination} on the sale price, collected at sale under IOSS`, value, vatRate, 'COLLECTED_AT_SALE')
    : line('VAT', 'TAX', `Import VAT ${input.destination} on value + duty`, value + dutyTotal, vatRate);
  const fee = lowValue ? v.handlingFees?.[input.destination] : undefined;
  const fees = fee
    ? [line('HANDLING_FEE', 'TAX', `${fee.label} (${fee.amountMinor / 100} ${fee.currency})`, 1, String(convertOrThrow(rates, fee.amountMinor, fee.currency, v.currency, input.declaredOn)), 'DUE', 'COUNT')]
    : [];
  if (ioss) notes.push(`IOSS ${input.iossNumber}: VAT was charged at checkout; nothing is due for it at the border.`);
  if (input.iossNumber && !lowValue) notes.push('IOSS covers only consignments up to EUR 150: import VAT is due at the border.');

  return finish(
    {
      regime: 'EU',
      ruleVersion: v.version,
      currency: v.currency,
      valueMinor: value,
      thresholds: [{ code: 'EU_LOW_VALUE', label: 'EUR 150: IOSS ceiling and low-value duty regime', amountMinor: v.iossLimitMinor, currency: v.currency }],
    },
    {
      basis: ioss ? 'IOSS' : lowValue ? 'LOW_VALUE' : 'GENERAL',
      lines: [...duty, vat, ...fees],
      inputs: { valueMinor: value, lines, vatRate, iossNumber: input.iossNumber ?? null, handlingFee: fee ?? null, exchangeRates: exchangeRecord(input, v.currency, rates), rateDate: input.declaredOn },
      notes,
    },
  );
}
