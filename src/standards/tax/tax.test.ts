import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { convertMinor } from '../money.js';
import { assessDutyAndTax, checkExamples, REGIME_SECTIONS, regimeFor, TaxRuleError, versionsOf, type RateTable, type TaxInput, type TaxLineInput, type TaxRules } from './index.js';
import { perThousand } from './eaeu.js';

const seed = (file: string) => JSON.parse(readFileSync(new URL(`../../../seed/${file}`, import.meta.url), 'utf8'));
const rules = seed('tax-rules.json') as TaxRules;
const rateSeed = seed('exchange-rates.json') as { rates: { validFrom: string; currency: string; perBase: string }[] };
const minor = new Map((seed('currencies.json') as { currencies: { code: string; minorUnits: number }[] }).currencies.map((c) => [c.code, c.minorUnits]));

const rates: RateTable = {
  rateOn(currency, day) {
    return rateSeed.rates.filter((r) => r.currency === currency && r.validFrom <= day).sort((a, b) => a.validFrom.localeCompare(b.validFrom)).at(-1)?.perBase;
  },
  convert(amount, from, to, day) {
    if (from === to) return amount;
    const f = this.rateOn(from, day);
    const t = this.rateOn(to, day);
    if (!f || !t) return undefined;
    return convertMinor(amount, { perBase: f, minorUnits: minor.get(from)! }, { perBase: t, minorUnits: minor.get(to)! });
  },
};

const tshirt = (valueMinor: number, currency: string, extra: Partial<TaxLineInput> = {}): TaxLineInput => ({
  hsCode: '610910', description: 'Cotton T-shirt', quantity: 1, valueMinor, currency, netWeightG: 200, originCountry: 'MY', ...extra,
});

const input = (destination: string, lines: TaxLineInput[], extra: Partial<TaxInput> = {}): TaxInput => ({
  destination,
  destinationIsEu: ['DE', 'FR', 'HU', 'PL'].includes(destination),
  declaredOn: '2026-11-21',
  category: 'SALE_OF_GOODS',
  lines,
  grossWeightG: 500,
  ...extra,
});

const assess = (i: TaxInput) => assessDutyAndTax(i, rules, rates);
const due = (i: TaxInput) => assess(i).dueMinor;

describe('dispatcher', () => {
  it.each([
    ['MY', false, 'MY'], ['RU', false, 'EAEU'], ['BY', false, 'EAEU'], ['KZ', false, 'EAEU'], ['DE', true, 'EU'], ['HU', true, 'EU'],
    ['US', false, 'US'], ['CN', false, 'CN'], ['BR', false, 'GENERIC'], ['GB', false, 'GENERIC'],
  ])('%s goes to %s', (country, eu, regime) => {
    expect(regimeFor(country, eu as boolean, rules)).toBe(regime === 'MY' ? 'MY' : regime);
  });

  it('refuses a date before any rule version', () => {
    expect(() => assess(input('MY', [tshirt(10000, 'MYR')], { declaredOn: '2016-01-01' }))).toThrow(TaxRuleError);
  });

  it('refuses a currency without a rate', () => {
    expect(() => assess(input('RU', [tshirt(10000, 'XXX')]))).toThrow(/No exchange rate/);
  });

  it('rounds each line half-up and keeps every arithmetic line', () => {
    const a = assess(input('US', [tshirt(1005, 'USD', { originCountry: 'CN' })], { declaredOn: '2025-09-01' }));
    // 10.05 × 30% = 3.015 → 3.02
    expect(a.lines).toEqual([expect.objectContaining({ baseMinor: 1005, rate: '0.30', amountMinor: 302, treatment: 'DUE' })]);
  });
});

describe('Malaysia', () => {
  it('charges LVG 10% on the sale price of goods sold online at or under RM500', () => {
    const a = assess(input('MY', [tshirt(10000, 'MYR')]));
    expect(a).toMatchObject({ regime: 'MY', basis: 'LVG', ruleVersion: 'MY-LVG-2024', currency: 'MYR', dueMinor: 1000, taxMinor: 1000, dutyMinor: 0 });
    expect(a.lines).toEqual([expect.objectContaining({ code: 'LVG', baseMinor: 10000, rate: '0.10', amountMinor: 1000 })]);
  });

  it('LVG at exactly RM500; duty and sales tax at RM500.01', () => {
    expect(assess(input('MY', [tshirt(50000, 'MYR')])).basis).toBe('LVG');
    const above = assess(input('MY', [tshirt(50001, 'MYR')]));
    expect(above.basis).toBe('GENERAL');
    // duty 20% of 50001 = 10000.2 → 10000; sales tax 10% of 60001 = 6000.1 → 6000
    expect(above.lines.map((l) => [l.code, l.baseMinor, l.amountMinor])).toEqual([['DUTY', 50001, 10000], ['SALES_TAX', 60001, 6000]]);
    expect(above.dueMinor).toBe(16000);
  });

  it('records LVG as collected at sale when the seller declared its LVG registration', () => {
    const a = assess(input('MY', [tshirt(10000, 'MYR')], { taxId: 'LVG-123' }));
    expect(a).toMatchObject({ dueMinor: 0, collectedAtSaleMinor: 1000 });
  });

  it('excludes tobacco, liquor and e-cigarettes from LVG', () => {
    const a = assess(input('MY', [tshirt(10000, 'MYR'), tshirt(20000, 'MYR', { hsCode: '220421' }), tshirt(5000, 'MYR', { hsCode: '854340' })]));
    expect(a.basis).toBe('LVG');
    expect(a.lines.find((l) => l.code === 'LVG')).toMatchObject({ baseMinor: 10000, amountMinor: 1000 });
    // liquor 15% of 20000 = 3000; e-cigarette chapter 85: 0; sales tax 10% of (25000 + 3000)
    expect(a.lines.filter((l) => l.code === 'DUTY').map((l) => l.amountMinor)).toEqual([3000, 0]);
    expect(a.lines.find((l) => l.code === 'SALES_TAX')).toMatchObject({ baseMinor: 28000, amountMinor: 2800 });
    expect(a.dueMinor).toBe(1000 + 3000 + 2800);
  });

  it('applies only the excise rules when every line is excluded', () => {
    const a = assess(input('MY', [tshirt(10000, 'MYR', { hsCode: '240220' })]));
    expect(a.lines.map((l) => l.code)).toEqual(['DUTY', 'SALES_TAX']);
  });

  it('lets a gift at or under RM500 in free, and charges one above it', () => {
    expect(assess(input('MY', [tshirt(50000, 'MYR')], { category: 'GIFT' }))).toMatchObject({ basis: 'DE_MINIMIS', dueMinor: 0 });
    expect(assess(input('MY', [tshirt(50001, 'MYR')], { category: 'GIFT' })).basis).toBe('GENERAL');
  });

  it('uses the rules of the declaration date: no LVG in 2023', () => {
    const a = assess(input('MY', [tshirt(10000, 'MYR')], { declaredOn: '2023-12-31' }));
    expect(a).toMatchObject({ ruleVersion: 'MY-2017', basis: 'DE_MINIMIS', dueMinor: 0 });
  });

  it('converts foreign-currency lines at the dated rate', () => {
    const a2025 = assess(input('MY', [tshirt(1000, 'USD')], { declaredOn: '2025-06-01' }));
    const a2026 = assess(input('MY', [tshirt(1000, 'USD')], { declaredOn: '2026-06-01' }));
    expect(a2025.valueMinor).toBe(4470);
    expect(a2026.valueMinor).toBe(4060);
    expect(a2026.inputs.exchangeRates).toEqual({ MYR: '4.0600', USD: '1' });
  });
});

describe('Russia / EAEU', () => {
  const before = { declaredOn: '2026-06-30' };
  it('worked case: EUR 300, 10 kg → EUR 15.00', () => {
    const a = assess(input('RU', [tshirt(30000, 'EUR')], { ...before, grossWeightG: 10000 }));
    expect(a).toMatchObject({ regime: 'EAEU', ruleVersion: 'EAEU-2020', currency: 'EUR', dueMinor: 1500, basis: 'ABOVE_LIMIT' });
    expect(a.lines).toEqual([expect.objectContaining({ code: 'EAEU_VALUE', baseMinor: 10000, rate: '0.15', amountMinor: 1500 })]);
  });

  it('is free at exactly EUR 200 and 31 kg, and charges one euro and one gram beyond', () => {
    expect(assess(input('RU', [tshirt(20000, 'EUR')], { ...before, grossWeightG: 31000 }))).toMatchObject({ basis: 'DUTY_FREE', dueMinor: 0, lines: [] });
    expect(due(input('RU', [tshirt(20100, 'EUR')], { ...before, grossWeightG: 31000 }))).toBe(15);
    expect(due(input('RU', [tshirt(20000, 'EUR')], { ...before, grossWeightG: 31005 }))).toBe(1);
  });

  it('charges EUR 2 per kg above 31 kg: 35 kg → EUR 8', () => {
    const a = assess(input('RU', [tshirt(10000, 'EUR')], { ...before, grossWeightG: 35000 }));
    expect(a.lines).toEqual([expect.objectContaining({ code: 'EAEU_WEIGHT', baseMinor: 4000, baseUnit: 'GRAM', rate: '0.200', amountMinor: 800 })]);
  });

  it('applies the larger charge when both limits are exceeded', () => {
    const byWeight = assess(input('RU', [tshirt(21000, 'EUR')], { ...before, grossWeightG: 35000 }));
    expect(byWeight.dueMinor).toBe(800);
    expect(byWeight.lines.map((l) => [l.code, l.treatment])).toEqual([['EAEU_VALUE', 'NOT_APPLIED'], ['EAEU_WEIGHT', 'DUE']]);
    const byValue = assess(input('RU', [tshirt(30000, 'EUR')], { ...before, grossWeightG: 32000 }));
    expect(byValue.dueMinor).toBe(1500);
    expect(byValue.lines.map((l) => [l.code, l.treatment])).toEqual([['EAEU_VALUE', 'DUE'], ['EAEU_WEIGHT', 'NOT_APPLIED']]);
  });

  it('used a EUR 500 limit in 2019', () => {
    expect(assess(input('RU', [tshirt(30000, 'EUR')], { declaredOn: '2019-06-01' }))).toMatchObject({ ruleVersion: 'EAEU-2019', dueMinor: 0 });
  });

  it('converts roubles to euros at the dated rate', () => {
    const a = assess(input('RU', [tshirt(3_000_000, 'RUB')], { declaredOn: '2026-02-01' }));
    // RUB 30,000 at 78.50 per USD and 0.8520 EUR per USD = EUR 325.61
    expect(a.valueMinor).toBe(32561);
    expect(a.dueMinor).toBe(1884);
  });

  describe('EAEU-2026-07: 5% of the whole value, at least EUR 1/kg, plus national VAT', () => {
    const on = { declaredOn: '2026-07-01' };
    it('applies from 2026-07-01, not on 2026-06-30', () => {
      expect(assess(input('RU', [tshirt(30000, 'EUR')], { ...on, grossWeightG: 1000 }))).toMatchObject({ ruleVersion: 'EAEU-2026-07', dutyMinor: 1500, taxMinor: 6930, dueMinor: 8430 });
      expect(assess(input('RU', [tshirt(30000, 'EUR')], { declaredOn: '2026-06-30', grossWeightG: 1000 }))).toMatchObject({ ruleVersion: 'EAEU-2020', dueMinor: 1500 });
    });
    it('is free at exactly EUR 200 and 31 kg; one cent or one gram more pays on the whole', () => {
      expect(assess(input('RU', [tshirt(20000, 'EUR')], { ...on, grossWeightG: 31000 }))).toMatchObject({ basis: 'DUTY_FREE', lines: [], dueMinor: 0 });
      // 20001 cents: 5% = 1000.05 → 1000; 31 kg × EUR 1 = 3100 wins; VAT 22% of 23101 = 5082.22 → 5082
      const cent = assess(input('RU', [tshirt(20001, 'EUR')], { ...on, grossWeightG: 31000 }));
      expect(cent.lines.map((l) => [l.code, l.baseMinor, l.amountMinor, l.treatment])).toEqual([
        ['EAEU_VALUE', 20001, 1000, 'NOT_APPLIED'], ['EAEU_WEIGHT', 31000, 3100, 'DUE'], ['VAT', 23101, 5082, 'DUE'],
      ]);
      expect(assess(input('RU', [tshirt(20000, 'EUR')], { ...on, grossWeightG: 31001 })).basis).toBe('ABOVE_LIMIT');
    });
    it('uses the member state VAT rate and refuses a member without one', () => {
      expect(assess(input('BY', [tshirt(30000, 'EUR')], { ...on, grossWeightG: 1000 })).taxMinor).toBe(6300);
      const broken = structuredClone(rules);
      delete broken.eaeu.versions[2].vatRates!.KG;
      expect(() => assessDutyAndTax(input('KG', [tshirt(30000, 'EUR')], on), broken, rates)).toThrow(/No VAT rate for EAEU member KG/);
    });
  });

  it('perThousand writes exact per-gram rates', () => {
    expect([perThousand(200), perThousand(2500), perThousand(5)]).toEqual(['0.200', '2.500', '0.005']);
  });
});

describe('EU', () => {
  const blouse = (v: number) => tshirt(v, 'EUR', { hsCode: '620630' });
  it('worked case: EUR 40 in two subheadings, IOSS, 2026-11-21 → duty EUR 6.00, VAT due 0', () => {
    const a = assess(input('DE', [tshirt(2000, 'EUR'), tshirt(2000, 'EUR', { hsCode: '420221' })], { iossNumber: 'IM1234567890' }));
    expect(a).toMatchObject({ regime: 'EU', basis: 'IOSS', ruleVersion: 'EU-2026-07-IOSS', dutyMinor: 600, dueMinor: 600, collectedAtSaleMinor: 760 });
    expect(a.lines.find((l) => l.code === 'EU_FLAT_DUTY')).toMatchObject({ baseMinor: 2, baseUnit: 'COUNT', rate: '300', amountMinor: 600, treatment: 'DUE' });
    expect(a.lines.find((l) => l.code === 'VAT')).toMatchObject({ treatment: 'COLLECTED_AT_SALE', amountMinor: 760 });
  });

  it('counts distinct subheadings, not lines', () => {
    expect(assess(input('DE', [blouse(1000), blouse(1500), tshirt(500, 'EUR')], { iossNumber: 'IM1234567890' })).dutyMinor).toBe(600);
    expect(assess(input('DE', [blouse(1000), blouse(1500)], { iossNumber: 'IM1234567890' })).dutyMinor).toBe(300);
  });

  it('had duty relief and no flat duty before 2026-07-01', () => {
    const ioss = assess(input('DE', [tshirt(4000, 'EUR')], { iossNumber: 'IM1234567890', declaredOn: '2026-06-30' }));
    expect(ioss).toMatchObject({ ruleVersion: 'EU-2026-01', dutyMinor: 0, dueMinor: 0, collectedAtSaleMinor: 760 });
    expect(assess(input('DE', [tshirt(4000, 'EUR')], { iossNumber: 'IM1234567890', declaredOn: '2026-07-01' }))).toMatchObject({ ruleVersion: 'EU-2026-07-IOSS', dutyMinor: 300 });
    const plain = assess(input('DE', [tshirt(4000, 'EUR')], { declaredOn: '2025-06-30' }));
    expect(plain).toMatchObject({ basis: 'LOW_VALUE', dutyMinor: 0, dueMinor: 760 });
  });

  it('charges VAT from the first euro without IOSS, on the value: the flat duty is for IOSS consignments only', () => {
    const a = assess(input('DE', [tshirt(4000, 'EUR')]));
    expect(a.lines.find((l) => l.code === 'VAT')).toMatchObject({ baseMinor: 4000, rate: '0.19', amountMinor: 760, treatment: 'DUE' });
    expect(a).toMatchObject({ basis: 'LOW_VALUE', dutyMinor: 0, dueMinor: 760 });
    expect(a.notes.join(' ')).toMatch(/only to IOSS consignments/);
    // The flat duty applies to all low-value flows where a version says so (scope ALL).
    const all = structuredClone(rules);
    all.eu.versions[2].flatDutyScope = 'ALL';
    expect(assessDutyAndTax(input('DE', [tshirt(4000, 'EUR')]), all, rates)).toMatchObject({ dutyMinor: 300, dueMinor: 1117 });
    expect(due(input('DE', [tshirt(1, 'EUR')], { declaredOn: '2025-01-01' }))).toBe(0); // 19% of 1 cent rounds to 0
    expect(due(input('DE', [tshirt(3, 'EUR')], { declaredOn: '2025-01-01' }))).toBe(1); // 0.57 → 1
  });

  it('uses the member state rate', () => {
    expect(assess(input('HU', [tshirt(10000, 'EUR')], { declaredOn: '2025-01-01' })).dueMinor).toBe(2700);
  });

  it('switches to duty by chapter and VAT on value + duty above EUR 150, even with IOSS', () => {
    expect(assess(input('DE', [tshirt(15000, 'EUR')], { iossNumber: 'IM1234567890' })).basis).toBe('IOSS');
    const a = assess(input('DE', [tshirt(15001, 'EUR')], { iossNumber: 'IM1234567890' }));
    expect(a.basis).toBe('GENERAL');
    // duty 12% of 15001 = 1800.12 → 1800; VAT 19% of 16801 = 3192.19 → 3192
    expect(a.lines.map((l) => [l.code, l.baseMinor, l.amountMinor, l.treatment])).toEqual([['DUTY', 15001, 1800, 'DUE'], ['VAT', 16801, 3192, 'DUE']]);
    expect(a.notes.join(' ')).toMatch(/IOSS covers only/);
  });

  it('applies full tariffs from the first euro once the 2028 version is in force', () => {
    const a = assess(input('DE', [tshirt(4000, 'EUR')], { declaredOn: '2028-07-01' }));
    expect(a.lines.map((l) => l.code)).toEqual(['DUTY', 'VAT']);
  });

  describe('national handling fees (Italy EUR 2, Romania RON 25) from 2026-01-01', () => {
    it('Italy: EUR 2 per consignment up to EUR 150, from 2026-01-01 and not on 2025-12-31', () => {
      const fee = (day: string, value = 4000) => assess(input('IT', [tshirt(value, 'EUR')], { declaredOn: day, destinationIsEu: true })).lines.find((l) => l.code === 'HANDLING_FEE');
      expect(fee('2026-01-01')).toMatchObject({ baseMinor: 1, baseUnit: 'COUNT', rate: '200', amountMinor: 200, treatment: 'DUE' });
      expect(fee('2025-12-31')).toBeUndefined();
      expect(fee('2026-12-02', 15000)).toBeDefined();
      expect(fee('2026-12-02', 15001)).toBeUndefined();
    });
    it('Romania: RON 25 converted to EUR at the day rate; Germany pays none', () => {
      const ro = assess(input('RO', [tshirt(4000, 'EUR')], { destinationIsEu: true, declaredOn: '2026-12-02' }));
      const fee = ro.lines.find((l) => l.code === 'HANDLING_FEE')!;
      expect(fee.amountMinor).toBe(rates.convert(2500, 'RON', 'EUR', '2026-12-02'));
      expect(fee.amountMinor).toBeGreaterThan(400);
      expect(ro.inputs.exchangeRates).toBeDefined();
      expect(assess(input('DE', [tshirt(4000, 'EUR')])).lines.some((l) => l.code === 'HANDLING_FEE')).toBe(false);
    });
  });

  it('refuses a member state without a VAT rate', () => {
    const broken = { ...rules, eu: { ...rules.eu, vatRates: {} } };
    expect(() => assessDutyAndTax(input('DE', [tshirt(100, 'EUR')]), broken, rates)).toThrow(/No VAT rate/);
  });
});

describe('USA', () => {
  const us = (valueMinor: number, declaredOn: string, extra: Partial<TaxInput> = {}, origin = 'CN') =>
    input('US', [tshirt(valueMinor, 'USD', { originCountry: origin })], { declaredOn, ...extra });
  it('had an $800 de minimis until 2025-08-28', () => {
    expect(assess(us(80000, '2025-08-28'))).toMatchObject({ basis: 'DE_MINIMIS', dueMinor: 0 });
    expect(assess(us(80001, '2025-08-28'))).toMatchObject({ basis: 'AD_VALOREM', dueMinor: 4000 });
  });

  it('charges every parcel from 2025-08-29, at the rate of the origin country', () => {
    expect(assess(us(10000, '2025-08-29'))).toMatchObject({ ruleVersion: 'US-EO14324', dueMinor: 3000 });
    expect(due(us(10000, '2025-08-29', {}, 'MY'))).toBe(1900);
    expect(due(us(10000, '2025-08-29', {}, 'BR'))).toBe(1500);
    expect(due(us(1, '2025-09-01'))).toBe(0);
  });

  it('applies the 10% Section 122 rate from 2026-02-24', () => {
    expect(assess(us(10000, '2026-03-01'))).toMatchObject({ ruleVersion: 'US-S122-2026', dueMinor: 1000 });
  });

  it('Section 122 at 10% through 2026-07-23; column-1 duty by chapter and no surcharge from 2026-07-24', () => {
    const cn = (day: string) => assess(input('US', [tshirt(10000, 'USD', { originCountry: 'CN' })], { declaredOn: day }));
    expect(cn('2026-07-23')).toMatchObject({ ruleVersion: 'US-S122-2026', dueMinor: 1000 });
    const after = cn('2026-07-24');
    expect(after).toMatchObject({ ruleVersion: 'US-POSTAL-2026-07', basis: 'AD_VALOREM', dueMinor: 1600 });
    expect(after.lines.map((l) => [l.code, l.rate])).toEqual([['DUTY', '0.16']]);
    expect(assess(input('US', [tshirt(10000, 'USD', { hsCode: '847130' })], { declaredOn: '2026-07-24' })).dueMinor).toBe(100);
  });

  it('records the statutory end of commercial de minimis from 2027-07-01', () => {
    expect(assess(input('US', [tshirt(50000, 'USD')], { declaredOn: '2027-06-30' })).ruleVersion).toBe('US-POSTAL-2026-07');
    expect(assess(input('US', [tshirt(50000, 'USD')], { declaredOn: '2027-07-01' }))).toMatchObject({ ruleVersion: 'US-OBBBA-2027-07', basis: 'AD_VALOREM', dueMinor: 8000 });
  });

  it('exempts a gift up to $100, not above', () => {
    expect(assess(us(10000, '2026-03-01', { category: 'GIFT' }))).toMatchObject({ basis: 'GIFT_EXEMPT', dueMinor: 0 });
    expect(assess(us(10001, '2026-03-01', { category: 'GIFT' }))).toMatchObject({ basis: 'AD_VALOREM', dueMinor: 1000 });
  });
});

describe('China CBEC', () => {
  const cn = (valueMinor: number, extra: Partial<TaxInput> = {}, hsCode = '610910') => input('CN', [tshirt(valueMinor, 'CNY', { hsCode })], extra);
  it('charges 9.1% and no tariff within the limits', () => {
    const a = assess(cn(10000));
    expect(a).toMatchObject({ regime: 'CN', basis: 'CBEC', dutyMinor: 0, taxMinor: 910, dueMinor: 910 });
    expect(assess(cn(10000, {}, '330499')).dueMinor).toBe(2306);
  });

  it('CBEC at exactly CNY 5,000; the general rule at 5,000.01', () => {
    expect(assess(cn(500000)).basis).toBe('CBEC');
    const a = assess(cn(500001));
    expect(a.basis).toBe('GENERAL');
    // duty 6% of 500001 = 30000.06 → 30000; VAT 13% of 530001 = 68900.13 → 68900
    expect(a.dueMinor).toBe(98900);
  });

  it('respects the buyer annual limit of CNY 26,000, both sides', () => {
    expect(assess(cn(50000, { buyerYearToDateMinor: 2_550_000 })).basis).toBe('CBEC');
    expect(assess(cn(50000, { buyerYearToDateMinor: 2_550_001 })).notes[0]).toMatch(/annual limit/);
  });

  it('treats a gift under the general rule', () => {
    expect(assess(cn(10000, { category: 'GIFT' })).notes[0]).toMatch(/not a retail sale/);
  });
});

describe('generic regime', () => {
  it('uses the listed country de minimis, both sides', () => {
    expect(assess(input('GB', [tshirt(13500, 'GBP')]))).toMatchObject({ regime: 'GENERIC', basis: 'DE_MINIMIS', dueMinor: 0 });
    const a = assess(input('GB', [tshirt(13501, 'GBP')]));
    // duty 10% = 1350.1 → 1350; VAT 20% of 14851 = 2970.2 → 2970
    expect(a).toMatchObject({ basis: 'GENERAL', dueMinor: 4320 });
  });

  it('falls back to the default for unlisted countries', () => {
    const a = assess(input('BR', [tshirt(5001, 'USD')]));
    expect(a).toMatchObject({ currency: 'USD', basis: 'GENERAL' });
    expect((a.inputs.country as { listed: boolean }).listed).toBe(false);
    expect(assess(input('BR', [tshirt(5000, 'USD')])).basis).toBe('DE_MINIMIS');
  });

  it('has no threshold where there is no de minimis', () => {
    expect(assess(input('NO', [tshirt(100, 'NOK')])).thresholds).toEqual([]);
  });
});

describe('worked examples carried by every version', () => {
  it('every example in seed/tax-rules.json computes as stated', () => {
    expect(checkExamples(rules, rates)).toEqual([]);
  });

  it('every version carries at least one example, a confidence and (unless unverified) a source', () => {
    for (const section of Object.values(REGIME_SECTIONS)) {
      for (const v of versionsOf(rules, section)) {
        expect([v.version, (v.examples ?? []).length > 0]).toEqual([v.version, true]);
        expect([v.version, v.confidence]).toEqual([v.version, expect.stringMatching(/^(VERIFIED|REPORTED|UNVERIFIED)$/)]);
        if (v.confidence !== 'UNVERIFIED') expect([v.version, (v.sources ?? []).length > 0]).toEqual([v.version, true]);
      }
    }
  });

  it('reports an example that cannot be computed at all, whatever stops it', () => {
    const broken = structuredClone(rules);
    broken.usa.versions.at(-1)!.ratesByOrigin = {};
    broken.eu.vatRates = {};
    const found = checkExamples(broken, rates, new Map([['US-OBBBA-2027-07', 'usa.versions[0]'], ['EU-2028-07', 'eu.versions[0]']]));
    expect(found).toEqual(expect.arrayContaining([
      { path: 'usa.versions[0].examples[0].input', message: expect.stringContaining('the rules are inconsistent') },
      { path: 'eu.versions[0].examples[0].input', message: expect.stringContaining('No VAT rate for EU member state DE') },
    ]));
  });

  it('reports an example that does not compute as stated, with its path', () => {
    const broken = structuredClone(rules);
    broken.eaeu.versions[2].examples![0].expect.dueMinor = 1;
    expect(checkExamples(broken, rates, new Map([['EAEU-2026-07', 'eaeu.versions[0]']]))).toEqual([
      { path: 'eaeu.versions[0].examples[0].expect.dueMinor', message: expect.stringContaining('expected dueMinor 1, computed 8430') },
    ]);
  });
});
