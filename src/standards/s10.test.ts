import { describe, expect, it } from '@jest/globals';
import { buildS10, checkDigit, classifyServiceIndicator, formatS10, validateS10 } from './s10.js';

describe('S10 check digit', () => {
  it('computes the worked example from domain.md (EE473124829MY)', () => {
    expect(checkDigit('47312482')).toBe(9);
    expect(validateS10('EE473124829MY')).toEqual({
      valid: true,
      parsed: { serviceIndicator: 'EE', serial: '47312482', checkDigit: 9, country: 'MY' },
    });
  });

  it('uses weights 8 6 4 2 3 5 9 7', () => {
    // Only the first digit set: S = 8·1 = 8 → 11 − 8 = 3
    expect(checkDigit('10000000')).toBe(3);
    // Only the last digit set: S = 7·1 = 7 → 4
    expect(checkDigit('00000001')).toBe(4);
    // 00000002: S = 14, 14 mod 11 = 3 → 8
    expect(checkDigit('00000002')).toBe(8);
  });

  it('maps 10 to 0', () => {
    // 6 at the 4th position (weight 2): S = 12, S mod 11 = 1, 11 − 1 = 10 → 0
    expect(checkDigit('00060000')).toBe(0);
  });

  it('maps 11 to 5', () => {
    // S = 0 → 11 → 5
    expect(checkDigit('00000000')).toBe(5);
    // 2·8 + 3·2 = 22, S mod 11 = 0 → 11 → 5
    expect(checkDigit('20030000')).toBe(5);
  });

  it('rejects serials that are not 8 digits', () => {
    expect(() => checkDigit('1234567')).toThrow(RangeError);
    expect(() => checkDigit('1234567a')).toThrow(RangeError);
  });
});

describe('validateS10', () => {
  it('rejects a wrong check digit as CHECK_DIGIT, not FORMAT', () => {
    const result = validateS10('EE473124828MY');
    expect(result).toMatchObject({ valid: false, problem: 'CHECK_DIGIT' });
  });

  it.each(['', 'EE47312482MY', 'EE4731248299MY', 'E1473124829MY', 'EE473124829M1', '1E473124829MY', 'EE47312482XMY'])(
    'rejects malformed %p as FORMAT',
    (id) => {
      expect(validateS10(id)).toMatchObject({ valid: false, problem: 'FORMAT' });
    },
  );

  it('accepts the printed form with spaces and lower case', () => {
    expect(validateS10('ee 473 124 829 my')).toMatchObject({ valid: true });
  });

  it.each(['JA', 'JZ', 'KA', 'KZ'])('rejects reserved service indicator %s', (si) => {
    const id = `${si}47312482${checkDigit('47312482')}MY`;
    expect(validateS10(id)).toMatchObject({ valid: false, problem: 'RESERVED_SERVICE_INDICATOR' });
  });
});

describe('service indicator ranges', () => {
  it.each([
    ['AA', 'UNASSIGNED', false],
    ['AU', 'UNASSIGNED', false],
    ['AV', 'RFID_ECOMMERCE_RESTRICTED', true],
    ['AZ', 'RFID_ECOMMERCE_RESTRICTED', true],
    ['BA', 'DOMESTIC_OR_BILATERAL', true],
    ['DZ', 'DOMESTIC_OR_BILATERAL', true],
    ['GA', 'DOMESTIC_OR_BILATERAL', true],
    ['GD', 'DOMESTIC_OR_BILATERAL', true],
    ['GB', 'UNKNOWN', false],
    ['NA', 'DOMESTIC_OR_BILATERAL', true],
    ['PZ', 'DOMESTIC_OR_BILATERAL', true],
    ['ZZ', 'DOMESTIC_OR_BILATERAL', true],
    ['CA', 'PARCEL', false],
    ['CZ', 'PARCEL', true],
    ['EA', 'EMS', false],
    ['EW', 'EMS', false],
    ['EX', 'EMS', true],
    ['EZ', 'EMS', true],
    ['HA', 'ECOMMERCE_PARCEL', false],
    ['HX', 'ECOMMERCE_PARCEL', true],
    ['HZ', 'ECOMMERCE_PARCEL', true],
    ['JA', 'RESERVED', false],
    ['KZ', 'RESERVED', false],
    ['LA', 'LETTER_EXPRESS', false],
    ['RR', 'LETTER_REGISTERED', false],
    ['UA', 'LETTER_CUSTOMS_CONTROLLED', false],
    ['VV', 'LETTER_INSURED', false],
    ['MA', 'UNKNOWN', false],
    ['QA', 'UNKNOWN', false],
    ['a1', 'UNKNOWN', false],
  ])('%s is %s (needs agreement: %s)', (indicator, use, needsAgreement) => {
    expect(classifyServiceIndicator(indicator)).toEqual({ use, needsAgreement });
  });
});

describe('buildS10', () => {
  it('pads the serial and appends check digit and country', () => {
    expect(buildS10('EE', 47312482, 'MY')).toBe('EE473124829MY');
    expect(buildS10('RB', 1, 'MY')).toBe(`RB00000001${checkDigit('00000001')}MY`);
  });

  it('round-trips through validateS10 over many serials', () => {
    for (let serial = 0; serial < 100_000_000; serial += 999_983) {
      expect(validateS10(buildS10('LM', serial, 'MY')).valid).toBe(true);
    }
  });

  it('refuses reserved indicators, bad countries and out-of-range serials', () => {
    expect(() => buildS10('JA', 1, 'MY')).toThrow(/reserved/);
    expect(() => buildS10('EE', 1, 'my')).toThrow(RangeError);
    expect(() => buildS10('EE', 100_000_000, 'MY')).toThrow(RangeError);
    expect(() => buildS10('EE', -1, 'MY')).toThrow(RangeError);
    expect(() => buildS10('EE', 1.5, 'MY')).toThrow(RangeError);
  });

  it('formats for print', () => {
    expect(formatS10('EE473124829MY')).toBe('EE 473 124 829 MY');
  });
});
