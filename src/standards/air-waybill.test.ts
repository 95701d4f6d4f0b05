import { describe, expect, it } from '@jest/globals';
import { airWaybillCheckDigit, buildAirWaybill, parseAirWaybill, validateAirWaybill } from './air-waybill.js';

describe('air waybill check digit', () => {
  it('is the 7-digit serial mod 7', () => {
    // 1234567 = 7 × 176366 + 5
    expect(airWaybillCheckDigit('1234567')).toBe(5);
    expect(airWaybillCheckDigit('0000000')).toBe(0);
    expect(airWaybillCheckDigit('0000006')).toBe(6);
    expect(airWaybillCheckDigit('0000007')).toBe(0);
    expect(airWaybillCheckDigit('9999999')).toBe(9_999_999 % 7);
    expect(() => airWaybillCheckDigit('123456')).toThrow(RangeError);
  });
});

describe('buildAirWaybill', () => {
  it('formats prefix, serial and check digit', () => {
    expect(buildAirWaybill('176', 1234567)).toBe('176-12345675');
    expect(buildAirWaybill('232', 42)).toBe('232-00000420');
  });

  it('refuses bad prefixes and serials', () => {
    expect(() => buildAirWaybill('17', 1)).toThrow(RangeError);
    expect(() => buildAirWaybill('17A', 1)).toThrow(RangeError);
    expect(() => buildAirWaybill('176', 10_000_000)).toThrow(RangeError);
    expect(() => buildAirWaybill('176', -1)).toThrow(RangeError);
  });
});

describe('parseAirWaybill', () => {
  it.each(['176-12345675', '17612345675', '176 1234 5675'])('accepts %p', (input) => {
    expect(parseAirWaybill(input)).toEqual({
      valid: true,
      parsed: { airlinePrefix: '176', serial: '1234567', checkDigit: 5, formatted: '176-12345675' },
    });
  });

  it('refuses a wrong check digit', () => {
    expect(parseAirWaybill('176-12345674')).toMatchObject({ valid: false, problem: 'CHECK_DIGIT' });
    // 7, 8, 9 can never be a mod-7 remainder
    expect(parseAirWaybill('176-00000007')).toMatchObject({ valid: false, problem: 'CHECK_DIGIT' });
  });

  it.each(['', '176-1234567', '176-123456755', 'ABC-12345675', '176-1234567X'])('refuses %p as FORMAT', (input) => {
    expect(parseAirWaybill(input)).toMatchObject({ valid: false, problem: 'FORMAT' });
  });

  it('agrees with buildAirWaybill over a range of serials', () => {
    for (let serial = 0; serial < 100; serial += 7) expect(validateAirWaybill(buildAirWaybill('020', serial * 1013))).toBe(true);
  });
});
