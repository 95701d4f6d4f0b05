import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readRegimeDocument, withVersions, type TaxRules } from './index.js';

const rules = JSON.parse(readFileSync(new URL('../../../seed/tax-rules.json', import.meta.url), 'utf8')) as TaxRules;
const context = { today: '2026-12-02', knownCurrencies: new Set(['EUR', 'USD', 'MYR']), takenVersionIds: new Set(['EAEU-2020']) };

/** A 2027 EAEU version raising the rate to 10%: valid as it stands. */
function eaeu2027(over: Record<string, unknown> = {}) {
  return {
    effectiveFrom: '2027-01-01', version: 'EAEU-2027-01', currency: 'EUR', valueLimitMinor: 20000, weightLimitG: 31000, rate: '0.10', minPerKgMinor: 100,
    basis: 'WHOLE_VALUE', vatRates: { RU: '0.22' }, confidence: 'REPORTED',
    sources: [{ url: 'https://example.org/eec-2027', title: 'EEC decision', date: '2026-11-30' }],
    examples: [{ name: 'EUR 300', input: { destination: 'RU', destinationIsEu: false, declaredOn: '2027-01-01', category: 'SALE_OF_GOODS', grossWeightG: 1000,
      lines: [{ hsCode: '610910', description: 'T-shirt', quantity: 1, valueMinor: 30000, currency: 'EUR', netWeightG: 200, originCountry: 'MY' }] }, expect: { dueMinor: 10260 } }],
    ...over,
  };
}
const read = (doc: unknown, ctx = context) => readRegimeDocument(doc, rules, ctx);
const errorsOf = (doc: unknown) => {
  const r = read(doc);
  return r.ok ? [] : r.errors.map((e) => [e.path, e.code]);
};

describe('reading a regime document', () => {
  it('accepts a valid version and adds it in date order', () => {
    const r = read({ eaeu: { versions: [eaeu2027()] } });
    expect(r).toEqual({ ok: true, versions: [{ section: 'eaeu', at: 'eaeu.versions[0]', version: expect.objectContaining({ version: 'EAEU-2027-01' }) }] });
    const merged = withVersions(rules, r.ok ? r.versions : []);
    expect(merged.eaeu.versions.map((v) => v.version)).toEqual(['EAEU-2019', 'EAEU-2020', 'EAEU-2026-07', 'EAEU-2027-01']);
    expect(rules.eaeu.versions).toHaveLength(3);
    expect(merged.eu).toBe(rules.eu);
  });

  it('refuses what is not a document of regime sections', () => {
    expect(errorsOf(null)).toEqual([['', 'WRONG_TYPE']]);
    expect(errorsOf([])).toEqual([['', 'WRONG_TYPE']]);
    expect(errorsOf({})).toEqual([['', 'EMPTY']]);
    expect(errorsOf({ dutyTables: {} })).toEqual([['dutyTables', 'UNKNOWN_FIELD']]);
    expect(errorsOf({ eaeu: { versions: [] } })).toEqual([['eaeu.versions', 'EMPTY']]);
    expect(errorsOf({ eaeu: { versions: [eaeu2027()], countries: ['RU'] } })).toEqual([['eaeu.countries', 'UNKNOWN_FIELD']]);
  });

  it('names every schema problem by its path', () => {
    const bad = eaeu2027({ rate: 0.1, effectiveFrom: '2027-02-30', version: 'eaeu 2027', valueLimitMinor: -1, colour: 'red', currency: undefined });
    expect(errorsOf({ eaeu: { versions: [bad] } })).toEqual(expect.arrayContaining([
      ['eaeu.versions[0].rate', 'WRONG_TYPE'], ['eaeu.versions[0].effectiveFrom', 'WRONG_TYPE'], ['eaeu.versions[0].version', 'WRONG_TYPE'],
      ['eaeu.versions[0].valueLimitMinor', 'WRONG_TYPE'], ['eaeu.versions[0].colour', 'UNKNOWN_FIELD'], ['eaeu.versions[0].currency', 'REQUIRED'],
    ]));
  });

  it('checks examples, requirements and sources for shape', () => {
    const v = eaeu2027({ examples: [], requirements: [{ code: 'x', field: 'passport', message: '' }], sources: [{ url: 'ftp://x', title: 'T', date: '2026' }] });
    expect(errorsOf({ eaeu: { versions: [v] } })).toEqual(expect.arrayContaining([
      ['eaeu.versions[0].examples', 'EMPTY'], ['eaeu.versions[0].requirements[0].code', 'WRONG_TYPE'], ['eaeu.versions[0].requirements[0].field', 'WRONG_TYPE'],
      ['eaeu.versions[0].requirements[0].message', 'WRONG_TYPE'], ['eaeu.versions[0].sources[0].url', 'WRONG_TYPE'], ['eaeu.versions[0].sources[0].date', 'WRONG_TYPE'],
    ]));
    const input = { ...eaeu2027().examples[0].input, lines: [{ hsCode: '61', valueMinor: 'ten' }] };
    expect(errorsOf({ eaeu: { versions: [eaeu2027({ examples: [{ name: 'x', input, expect: {} }] })] } })).toEqual(expect.arrayContaining([
      ['eaeu.versions[0].examples[0].input.lines[0].hsCode', 'WRONG_TYPE'], ['eaeu.versions[0].examples[0].input.lines[0].valueMinor', 'WRONG_TYPE'],
      ['eaeu.versions[0].examples[0].input.lines[0].currency', 'REQUIRED'],
    ]));
  });

  it('refuses a start today or earlier, and accepts tomorrow', () => {
    expect(errorsOf({ eaeu: { versions: [eaeu2027({ effectiveFrom: '2026-12-02' })] } })).toEqual([['eaeu.versions[0].effectiveFrom', 'INVALID']]);
    expect(read({ eaeu: { versions: [eaeu2027({ effectiveFrom: '2026-12-03' })] } }).ok).toBe(true);
  });

  it('refuses a taken version id, a second version on the same day, twice in one document', () => {
    expect(errorsOf({ eaeu: { versions: [eaeu2027({ version: 'EAEU-2020' })] } })).toEqual([['eaeu.versions[0].version', 'INVALID']]);
    expect(errorsOf({ eaeu: { versions: [eaeu2027(), eaeu2027({ version: 'EAEU-2027-01B' })] } })).toEqual([
      ['eaeu.versions[0].effectiveFrom', 'INVALID'], ['eaeu.versions[1].effectiveFrom', 'INVALID'],
    ]);
    expect(errorsOf({ eaeu: { versions: [eaeu2027(), eaeu2027({ effectiveFrom: '2027-02-01' })] } })).toEqual([['eaeu.versions[1].version', 'INVALID']]);
    const us = { ...rules.usa.versions.at(-1)!, version: 'US-2027-07-BIS', examples: rules.usa.versions.at(-1)!.examples };
    expect(errorsOf({ usa: { versions: [us] } })).toEqual([['usa.versions[0].effectiveFrom', 'INVALID']]);
  });

  it('refuses unknown currencies and duty tables, a missing source, a WHOLE_VALUE version without VAT rates', () => {
    expect(errorsOf({ eaeu: { versions: [eaeu2027({ currency: 'XYZ' })] } })).toEqual([['eaeu.versions[0].currency', 'INVALID']]);
    const eu = { ...rules.eu.versions[2], version: 'EU-2027-01', effectiveFrom: '2027-01-01', dutyTable: 'NOPE' };
    expect(errorsOf({ eu: { versions: [eu] } })).toEqual([['eu.versions[0].dutyTable', 'INVALID']]);
    expect(errorsOf({ eaeu: { versions: [eaeu2027({ sources: [] })] } })).toEqual([['eaeu.versions[0].sources', 'EMPTY']]);
    expect(read({ eaeu: { versions: [eaeu2027({ sources: [], confidence: 'UNVERIFIED' })] } }).ok).toBe(true);
    expect(errorsOf({ eaeu: { versions: [eaeu2027({ vatRates: undefined })] } })).toEqual([['eaeu.versions[0].vatRates', 'REQUIRED']]);
    const us = { ...rules.usa.versions.at(-1)!, version: 'US-2030', effectiveFrom: '2030-01-01', ratesByOrigin: { CN: '0.1' } };
    expect(errorsOf({ usa: { versions: [us] } })).toEqual([['usa.versions[0].ratesByOrigin.default', 'REQUIRED']]);
  });

  it('reads every seed version as valid shape (the seed and a loaded document share one shape)', () => {
    for (const section of ['malaysia', 'eaeu', 'eu', 'usa', 'china', 'generic'] as const) {
      const versions = rules[section].versions.map((v, i) => ({ ...v, version: `NEW-${i}`, effectiveFrom: `2030-0${i + 1}-01` }));
      const r = readRegimeDocument({ [section]: { versions } }, rules, { ...context, knownCurrencies: new Set(['EUR', 'USD', 'MYR', 'CNY', 'GBP', 'AUD', 'NZD', 'SGD', 'JPY', 'CAD', 'CHF', 'NOK', 'THB', 'INR', 'SAR', 'AED']) });
      expect([section, r.ok ? [] : r.errors]).toEqual([section, []]);
    }
  });
});
