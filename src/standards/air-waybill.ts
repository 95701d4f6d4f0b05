/**
 * Air waybill numbers (MAWB/PAWB): a 3-digit airline prefix and 8 digits, of which the last is the
 * check digit: the 7-digit serial mod 7. Printed as `176-12345675`. Pure functions, no I/O.
 * Facts: shared/domain.md §7.
 */

export interface ParsedAirWaybill {
  airlinePrefix: string;
  serial: string;
  checkDigit: number;
  /** Canonical printed form: `PPP-SSSSSSSC`. */
  formatted: string;
}

export type AirWaybillProblem = 'FORMAT' | 'CHECK_DIGIT';
export type AirWaybillValidation = { valid: true; parsed: ParsedAirWaybill } | { valid: false; problem: AirWaybillProblem; message: string };

export function airWaybillCheckDigit(serial: string): number {
  if (!/^\d{7}$/.test(serial)) throw new RangeError(`air waybill serial must be 7 digits, got "${serial}"`);
  return Number(serial) % 7;
}

export function buildAirWaybill(airlinePrefix: string, serial: number): string {
  if (!/^\d{3}$/.test(airlinePrefix)) throw new RangeError(`airline prefix must be 3 digits, got "${airlinePrefix}"`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 9_999_999) throw new RangeError(`air waybill serial must be 0–9999999, got ${serial}`);
  const digits = String(serial).padStart(7, '0');
  return `${airlinePrefix}-${digits}${airWaybillCheckDigit(digits)}`;
}

/** Accepts `176-12345675`, `17612345675` and `176 1234 5675`. */
export function parseAirWaybill(input: string): AirWaybillValidation {
  const compact = input.replace(/[\s-]/g, '');
  if (!/^\d{11}$/.test(compact)) {
    return { valid: false, problem: 'FORMAT', message: 'An air waybill number is a 3-digit airline prefix and 8 digits, like 176-12345675.' };
  }
  const airlinePrefix = compact.slice(0, 3);
  const serial = compact.slice(3, 10);
  const check = Number(compact[10]);
  const expected = airWaybillCheckDigit(serial);
  if (check !== expected) {
    return {
      valid: false,
      problem: 'CHECK_DIGIT',
      message: `The last digit of an air waybill number is its 7-digit serial mod 7 (${expected} here, not ${check}): the number is mistyped.`,
    };
  }
  return { valid: true, parsed: { airlinePrefix, serial, checkDigit: check, formatted: `${airlinePrefix}-${serial}${check}` } };
}

export function validateAirWaybill(input: string): boolean {
  return parseAirWaybill(input).valid;
}
