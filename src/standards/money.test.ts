import { describe, expect, it } from '@jest/globals';
import { applyRate, convertMinor, divideHalfUp, formatMoney, parseDecimal } from './money.js';

describe('divideHalfUp', () => {
  it.each([
    [5n, 2n, 3n],
    [4n, 2n, 2n],
    [7n, 3n, 2n],
    [-5n, 2n, -3n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [15n, 10n, 2n],
    [14n, 10n, 1n],
  ])('%s / %s = %s', (n, d, q) => {
    expect(divideHalfUp(n, d)).toBe(q);
  });

  it('refuses division by zero', () => {
    expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('parseDecimal', () => {
  it('keeps every digit exactly', () => {
    expect(parseDecimal('4.4700')).toEqual({ units: 44700n, scale: 4 });
    expect(parseDecimal('1')).toEqual({ units: 1n, scale: 0 });
    expect(parseDecimal('-0.5')).toEqual({ units: -5n, scale: 1 });
  });
  it('refuses non-decimals', () => {
    expect(() => parseDecimal('1e5')).toThrow(RangeError);
    expect(() => parseDecimal('')).toThrow(RangeError);
  });
});

describe('convertMinor', () => {
  const usd = { perBase: '1', minorUnits: 2 };
  const myr = { perBase: '4.5', minorUnits: 2 };
  const jpy = { perBase: '150', minorUnits: 0 };
  const xdr = { perBase: '0.75', minorUnits: 2 };

  it('converts through the base currency', () => {
    expect(convertMinor(45_000, myr, usd)).toBe(10_000); // RM450 = $100
    expect(convertMinor(10_000, usd, xdr)).toBe(7_500); // $100 = 75 SDR
    expect(convertMinor(45_000, myr, xdr)).toBe(7_500);
  });

  it('handles currencies without minor units', () => {
    expect(convertMinor(15_000, jpy, usd)).toBe(10_000); // ¥15,000 = $100.00
    expect(convertMinor(100, usd, jpy)).toBe(150); // $1.00 = ¥150
  });

  it('rounds half up at the minor unit', () => {
    // RM0.01 = $0.00222… → 0; RM0.03 = $0.00666… → 1 cent
    expect(convertMinor(1, myr, usd)).toBe(0);
    expect(convertMinor(3, myr, usd)).toBe(1);
    // 1 cent at 1.5 → 1.5 → 2
    expect(convertMinor(1, usd, { perBase: '1.5', minorUnits: 2 })).toBe(2);
  });
});

describe('applyRate', () => {
  it('rounds each line half-up', () => {
    expect(applyRate(10_000, '0.15')).toBe(1_500);
    expect(applyRate(333, '0.1')).toBe(33); // 33.3
    expect(applyRate(335, '0.1')).toBe(34); // 33.5
    expect(applyRate(4_590, '0.091')).toBe(418); // 417.69
  });
});

describe('formatMoney', () => {
  it('places the decimal point by minor units', () => {
    expect(formatMoney({ amountMinor: 1250, currency: 'EUR' }, 2)).toBe('12.50 EUR');
    expect(formatMoney({ amountMinor: 5, currency: 'EUR' }, 2)).toBe('0.05 EUR');
    expect(formatMoney({ amountMinor: 1500, currency: 'JPY' }, 0)).toBe('1500 JPY');
    expect(formatMoney({ amountMinor: -1234, currency: 'KWD' }, 3)).toBe('-1.234 KWD');
  });
});
