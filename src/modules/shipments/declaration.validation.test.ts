import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { declarationInput } from '../../../test/support/fixtures.js';
import { ReferenceData } from '../reference/reference.service.js';
import { CN22_LIMIT_SDR_MINOR, describeVagueness, validateDeclaration, type DeclareShipmentInput } from './declaration.validation.js';

// Pure validation over the seeded reference data (loaded once from a copy of the test database).
let database: TestDatabase;
let reference: ReferenceData;
beforeAll(async () => {
  database = await createTestDatabase();
  reference = await ReferenceData.load(database.db);
});
afterAll(async () => {
  await database?.drop();
});

const input = (overrides: Record<string, unknown> = {}) => declarationInput(overrides) as unknown as DeclareShipmentInput;
const line = (overrides: Record<string, unknown>) => ({ ...declarationInput().lines[0], ...overrides });

describe('SDR conversion and the CN 22 / CN 23 line', () => {
  it('converts at the rates in force on the declaration day', () => {
    const rm1000 = input({ lines: [line({ value: { amountMinor: 100_000, currency: 'MYR' } })] });
    // 2025 rates: RM 4.47 and SDR 0.7667 per USD → 100000 × 0.7667 / 4.47 = 17152.13
    const in2025 = validateDeclaration(rm1000, reference, '2025-06-01');
    // 2026 rates: RM 4.06 and SDR 0.7314 per USD → 18014.78
    const in2026 = validateDeclaration(rm1000, reference, '2026-06-01');
    expect(in2025.ok && in2025.declaration.valueSdrMinor).toBe(17_152);
    expect(in2026.ok && in2026.declaration.valueSdrMinor).toBe(18_015);
  });

  it('puts exactly 300 SDR on a CN 22 and one hundredth more on a CN 23', () => {
    const at = validateDeclaration(input({ lines: [line({ value: { amountMinor: CN22_LIMIT_SDR_MINOR, currency: 'XDR' } })] }), reference, '2026-06-01');
    const above = validateDeclaration(input({ lines: [line({ value: { amountMinor: CN22_LIMIT_SDR_MINOR + 1, currency: 'XDR' } })] }), reference, '2026-06-01');
    expect(at.ok && at.declaration.customsForm).toBe('CN22');
    expect(above.ok && above.declaration.customsForm).toBe('CN23');
  });

  it('totals mixed currencies in the first line’s currency', () => {
    const result = validateDeclaration(
      input({ lines: [line({ value: { amountMinor: 40_600, currency: 'MYR' } }), line({ value: { amountMinor: 10_000, currency: 'USD' } })], grossWeightGrams: 1000 }),
      reference,
      '2026-06-01',
    );
    // USD 100.00 at RM 4.06 = RM 406.00
    expect(result.ok && [result.declaration.currency, result.declaration.totalValueMinor]).toEqual(['MYR', 81_200]);
  });

  it('reports a missing rate for the day instead of guessing', () => {
    const result = validateDeclaration(input(), reference, '2019-01-01');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({ code: 'NO_RATE' });
  });
});

describe('normalisation', () => {
  it('accepts HS codes with dots and lower-case codes, and stores them canonical', () => {
    const result = validateDeclaration(
      input({
        lines: [line({ hsCode: '6109.10', originCountry: 'my', value: { amountMinor: 100, currency: 'myr' } })],
        addressee: { ...declarationInput().addressee, countryCode: 'ru' },
        iossNumber: '  ',
      }),
      reference,
      '2026-06-01',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.declaration.lines[0]).toMatchObject({ hsCode: '610910', originCountry: 'MY', value: { currency: 'MYR' } });
    expect(result.declaration.input.addressee.countryCode).toBe('RU');
    expect(result.declaration.input.iossNumber).toBeNull();
  });

  it('accepts a valid IOSS number for an EU addressee', () => {
    const result = validateDeclaration(
      input({ iossNumber: 'im1234567890', addressee: { ...declarationInput().addressee, countryCode: 'DE' } }),
      reference,
      '2026-06-01',
    );
    expect(result.ok && result.declaration.input.iossNumber).toBe('IM1234567890');
  });

  it('collects every error of a declaration at once', () => {
    const result = validateDeclaration(
      input({ sellerReference: ' ', grossWeightGrams: 0, lines: [line({ hsCode: 'x', quantity: 0 })] }),
      reference,
      '2026-06-01',
    );
    expect(!result.ok && result.errors.map((e) => e.path).sort()).toEqual(['grossWeightGrams', 'lines[0].hsCode', 'lines[0].quantity', 'sellerReference']);
  });
});

describe('describeVagueness', () => {
  const words = () => [reference.declarationRules.vagueWords, reference.declarationRules.fillerWords] as const;

  it.each(['gift', 'Gifts', 'goods', 'clothes', 'parts', '2 pcs clothes', 'Sample', 'misc items', 'accessories'])('refuses %p', (text) => {
    expect(describeVagueness(text, ...words())?.code).toBe('DESCRIPTION_VAGUE');
  });

  it.each(["2 men's cotton shirts", 'Silk scarf', 'Phone case, silicone', 'Women’s leather handbag', 'Футболка хлопковая', '棉质T恤'])('accepts %p', (text) => {
    expect(describeVagueness(text, ...words())).toBeUndefined();
  });

  it('refuses descriptions that are too short, too long or only numbers', () => {
    expect(describeVagueness('ab', ...words())?.code).toBe('DESCRIPTION_TOO_SHORT');
    expect(describeVagueness('x'.repeat(201), ...words())?.code).toBe('TOO_LONG');
    expect(describeVagueness('12345', ...words())?.code).toBe('DESCRIPTION_VAGUE');
  });
});
