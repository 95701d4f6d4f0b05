/**
 * Money in integer minor units with ISO 4217 codes; exchange rates as exact decimal strings.
 * Arithmetic on rates goes through BigInt so that half-up rounding is exact, not float-approximate.
 */

export interface Money {
  amountMinor: number;
  currency: string;
}

/** A decimal string as an exact fraction numerator / 10^scale. */
export interface Decimal {
  units: bigint;
  scale: number;
}

export function parseDecimal(value: string): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal: "${value}"`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2]}${fraction}`) * (match[1] ? -1n : 1n);
  return { units, scale: fraction.length };
}

/** numerator / denominator rounded half away from zero (half-up for amounts). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/**
 * Rates are a few dozen strings (exchange rates, duty and tax rates) used for every parcel: each is
 * parsed once. The parsed values are frozen, since callers share them.
 */
const parsedRates = new Map<string, Readonly<Decimal>>();
const MAX_PARSED_RATES = 10_000;

/** parseDecimal, remembered: for rate strings, which repeat. */
export function parseRate(rate: string): Readonly<Decimal> {
  let parsed = parsedRates.get(rate);
  if (!parsed) {
    parsed = Object.freeze(parseDecimal(rate));
    if (parsedRates.size >= MAX_PARSED_RATES) parsedRates.clear();
    parsedRates.set(rate, parsed);
  }
  return parsed;
}

const POWERS_OF_TEN = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

function powerOfTen(exponent: number): bigint {
  return POWERS_OF_TEN[exponent] ?? 10n ** BigInt(exponent);
}

/** A conversion between two currencies at given rates, as an exact fraction: amount × multiplier / divisor. */
export interface Conversion {
  multiplier: bigint;
  divisor: bigint;
}

/** The fraction convertMinor applies; worth keeping when many amounts are converted at the same rates. */
export function conversion(from: { perBase: string; minorUnits: number }, to: { perBase: string; minorUnits: number }): Conversion {
  const fromRate = parseRate(from.perBase);
  const toRate = parseRate(to.perBase);
  // amount_to = amount_from / fromRate * toRate, carried in integers.
  return {
    multiplier: toRate.units * powerOfTen(fromRate.scale + to.minorUnits),
    divisor: fromRate.units * powerOfTen(toRate.scale + from.minorUnits),
  };
}

/** amountMinor converted, rounded half-up to the target's minor unit. */
export function applyConversion(amountMinor: number, c: Conversion): number {
  return Number(divideHalfUp(BigInt(amountMinor) * c.multiplier, c.divisor));
}

/**
 * Converts an amount between currencies through a common base.
 * fromPerBase / toPerBase: units of each currency per one unit of the base, as decimal strings.
 */
export function convertMinor(
  amountMinor: number,
  from: { perBase: string; minorUnits: number },
  to: { perBase: string; minorUnits: number },
): number {
  return applyConversion(amountMinor, conversion(from, to));
}

/** amountMinor × rate (a decimal string such as "0.15"), rounded half-up to the minor unit. */
export function applyRate(amountMinor: number, rate: string): number {
  const r = parseRate(rate);
  return Number(divideHalfUp(BigInt(amountMinor) * r.units, powerOfTen(r.scale)));
}

export function formatMoney(money: Money, minorUnits: number): string {
  const negative = money.amountMinor < 0;
  const digits = String(Math.abs(money.amountMinor)).padStart(minorUnits + 1, '0');
  const major = minorUnits ? `${digits.slice(0, -minorUnits)}.${digits.slice(-minorUnits)}` : digits;
  return `${negative ? '-' : ''}${major} ${money.currency}`;
}
