import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { unmetRequirements, type RequirementFacts, type TaxRules } from './index.js';

const rules = JSON.parse(readFileSync(new URL('../../../seed/tax-rules.json', import.meta.url), 'utf8')) as TaxRules;
const EU = new Set(['DE', 'IT', 'FR']);

/** Values are given in EUR (for EU/EAEU) or MYR (for Malaysia); conversion is identity here. */
function facts(destination: string, extra: Partial<RequirementFacts> = {}, value = 4000): RequirementFacts {
  return {
    destination,
    destinationIsEu: EU.has(destination),
    category: 'SALE_OF_GOODS',
    lines: [{ hsCode: '610910' }],
    valueIn: () => value,
    ...extra,
  };
}
const codes = (f: RequirementFacts, day = '2026-12-02') => unmetRequirements(f, rules, day).map((u) => [u.path, u.code]);

describe('declaration requirements from the regime data', () => {
  it('EU (ICS2): commercial goods need 6 HS digits, per line; gifts and documents do not', () => {
    const lines = [{ hsCode: '610910' }, { hsCode: '6109' }, { hsCode: '4202' }];
    expect(codes(facts('DE', { lines }))).toEqual([['lines[1].hsCode', 'HS_SUBHEADING_REQUIRED'], ['lines[2].hsCode', 'HS_SUBHEADING_REQUIRED']]);
    expect(codes(facts('DE', { lines, category: 'COMMERCIAL_SAMPLE' }))).toHaveLength(2);
    expect(codes(facts('DE', { lines, category: 'GIFT' }))).toEqual([]);
    expect(codes(facts('DE', { lines, category: 'DOCUMENTS' }))).toEqual([]);
  });

  it('EU: the requirement starts with version EU-2026-01 (2026-01-01), not on 2025-12-31', () => {
    const f = facts('DE', { lines: [{ hsCode: '6109' }] });
    expect(codes(f, '2026-01-01')).toEqual([['lines[0].hsCode', 'HS_SUBHEADING_REQUIRED']]);
    expect(codes(f, '2025-12-31')).toEqual([]);
  });

  it('EU: VAT collected at sale up to EUR 150 needs an IOSS number; above EUR 150 or without the claim it does not', () => {
    expect(codes(facts('IT', { taxCollectedAtSale: true }))).toEqual([['iossNumber', 'IOSS_NUMBER_REQUIRED']]);
    expect(codes(facts('IT', { taxCollectedAtSale: true, iossNumber: 'IM1234567890' }))).toEqual([]);
    expect(codes(facts('IT', { taxCollectedAtSale: true }, 15000))).toEqual([['iossNumber', 'IOSS_NUMBER_REQUIRED']]);
    expect(codes(facts('IT', { taxCollectedAtSale: true }, 15001))).toEqual([]);
    expect(codes(facts('IT', { taxCollectedAtSale: false }))).toEqual([]);
  });

  it('Malaysia: LVG charged at sale needs the seller LVG registration in taxId, for sales up to RM500', () => {
    expect(codes(facts('MY', { taxCollectedAtSale: true }))).toEqual([['taxId', 'LVG_REGISTRATION_REQUIRED']]);
    expect(codes(facts('MY', { taxCollectedAtSale: true, taxId: 'LVG-1' }))).toEqual([]);
    expect(codes(facts('MY', { taxCollectedAtSale: true, category: 'GIFT' }))).toEqual([]);
    expect(codes(facts('MY', { taxCollectedAtSale: true }, 50001))).toEqual([]);
    expect(codes(facts('MY', { taxCollectedAtSale: true }), '2023-12-31')).toEqual([]);
  });

  it('an addressee tax id where a version requires one (a loaded requirement: Russia above EUR 200)', () => {
    const withTaxId = structuredClone(rules);
    withTaxId.eaeu.versions[2].requirements = [{
      code: 'ADDRESSEE_TAX_ID_REQUIRED', field: 'importerReference', when: { countries: ['RU'], valueAboveMinor: 20000 }, message: 'Give the INN.',
    }];
    const check = (f: RequirementFacts, day = '2026-12-02') => unmetRequirements(f, withTaxId, day).map((u) => [u.path, u.code]);
    expect(check(facts('RU', {}, 20001))).toEqual([['importerReference', 'ADDRESSEE_TAX_ID_REQUIRED']]);
    expect(check(facts('RU', {}, 20000))).toEqual([]);
    expect(check(facts('RU', { importerReference: '7707083893' }, 20001))).toEqual([]);
    expect(check(facts('KZ', {}, 20001))).toEqual([]);
    expect(check(facts('RU', {}, 20001), '2026-06-30')).toEqual([]);
    // The seed does not require it (unverified for postal items).
    expect(codes(facts('RU', {}, 20001))).toEqual([]);
  });

  it('skips value conditions when the value cannot be converted, and destinations without requirements', () => {
    expect(codes(facts('RU', { valueIn: () => undefined }))).toEqual([]);
    expect(codes(facts('US', { lines: [{ hsCode: '6109' }] }))).toEqual([]);
    expect(codes(facts('MY'), '2016-01-01')).toEqual([]);
  });
});
