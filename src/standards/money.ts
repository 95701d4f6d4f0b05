/**
 * Money in integer minor units with ISO 4217 codes; exchange rates as exact decimal strings.
 * Arithmetic on rates goes through BigInt so that half-up rounding is exact, not float-approximate.
 */

export interface Money {
  amountMinor: number;
  currency: string;
}

/** A decimal string as an exact fraction numerator / 10^scale. */
interface Decimal {
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
 * Converts an amount between currencies through a common base.
 * fromPerBase / toPerBase: units of each currency per one unit of the base, as decimal strings.
 */
export function convertMinor(
  amountMinor: number,
  from: { perBase: string; minorUnits: number },
  to: { perBase: string; minorUnits: number },
): number {
  const fromRate = parseDecimal(from.perBase);
  const toRate = parseDecimal(to.perBase);
  // amount_to = amount_from / fromRate * toRate, carried in integers.
  const numerator = BigInt(amountMinor) * toRate.units * 10n ** BigInt(fromRate.scale + to.minorUnits);
  const denominator = fromRate.units * 10n ** BigInt(toRate.scale + from.minorUnits);
  return Number(divideHalfUp(numerator, denominator));
}

/** amountMinor × rate (a decimal string such as "0.15"), rounded half-up to the minor unit. */
export function applyRate(amountMinor: number, rate: string): number {
  const r = parseDecimal(rate);
  return Number(divideHalfUp(BigInt(amountMinor) * r.units, 10n ** BigInt(r.scale)));
}

export function formatMoney(money: Money, minorUnits: number): string {
  const negative = money.amountMinor < 0;
  const digits = String(Math.abs(money.amountMinor)).padStart(minorUnits + 1, '0');
  const major = minorUnits ? `${digits.slice(0, -minorUnits)}.${digits.slice(-minorUnits)}` : digits;
  return `${negative ? '-' : ''}${major} ${money.currency}`;
}
