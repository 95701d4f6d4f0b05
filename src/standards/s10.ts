/**
 * UPU S10 item identifiers: `SS NNNNNNNN C CC` (service indicator, serial, check digit, country).
 * Pure functions, no I/O. Facts: shared/domain.md §1.
 */

const S10_PATTERN = /^[A-Z]{2}\d{8}\d[A-Z]{2}$/;
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

export type S10Problem = 'FORMAT' | 'CHECK_DIGIT' | 'RESERVED_SERVICE_INDICATOR';

export type ServiceIndicatorUse =
  | 'UNASSIGNED'
  | 'RFID_ECOMMERCE_RESTRICTED'
  | 'DOMESTIC_OR_BILATERAL'
  | 'PARCEL'
  | 'EMS'
  | 'ECOMMERCE_PARCEL'
  | 'RESERVED'
  | 'LETTER_EXPRESS'
  | 'LETTER_REGISTERED'
  | 'LETTER_CUSTOMS_CONTROLLED'
  | 'LETTER_INSURED'
  | 'UNKNOWN';

export interface ServiceIndicatorClass {
  use: ServiceIndicatorUse;
  /** Needs a bilateral or multilateral agreement before it may be used internationally. */
  needsAgreement: boolean;
}

export function checkDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError(`S10 serial must be 8 digits, got "${serial}"`);
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number(serial[i]) * WEIGHTS[i];
  const c = 11 - (sum % 11);
  if (c === 10) return 0;
  if (c === 11) return 5;
  return c;
}

/** S10-12 ranges as summarised in domain.md §1; M* and QA–QM are not confirmed there, so UNKNOWN. */
export function classifyServiceIndicator(indicator: string): ServiceIndicatorClass {
  if (!/^[A-Z]{2}$/.test(indicator)) return { use: 'UNKNOWN', needsAgreement: false };
  const [first, second] = indicator;
  switch (first) {
    case 'A':
      return second >= 'V' ? { use: 'RFID_ECOMMERCE_RESTRICTED', needsAgreement: true } : { use: 'UNASSIGNED', needsAgreement: false };
    case 'B':
    case 'D':
    case 'N':
    case 'P':
    case 'Z':
      return { use: 'DOMESTIC_OR_BILATERAL', needsAgreement: true };
    case 'G':
      return second === 'A' || second === 'D'
        ? { use: 'DOMESTIC_OR_BILATERAL', needsAgreement: true }
        : { use: 'UNKNOWN', needsAgreement: false };
    case 'C':
      return { use: 'PARCEL', needsAgreement: second === 'Z' };
    case 'E':
      return { use: 'EMS', needsAgreement: second >= 'X' };
    case 'H':
      return { use: 'ECOMMERCE_PARCEL', needsAgreement: second >= 'X' };
    case 'J':
    case 'K':
      return { use: 'RESERVED', needsAgreement: false };
    case 'L':
      return { use: 'LETTER_EXPRESS', needsAgreement: false };
    case 'R':
      return { use: 'LETTER_REGISTERED', needsAgreement: false };
    case 'U':
      return { use: 'LETTER_CUSTOMS_CONTROLLED', needsAgreement: false };
    case 'V':
      return { use: 'LETTER_INSURED', needsAgreement: false };
    default:
      return { use: 'UNKNOWN', needsAgreement: false };
  }
}

export function buildS10(serviceIndicator: string, serial: number, country: string): string {
  if (!/^[A-Z]{2}$/.test(serviceIndicator)) throw new RangeError(`service indicator must be two letters: "${serviceIndicator}"`);
  if (!/^[A-Z]{2}$/.test(country)) throw new RangeError(`country must be ISO alpha-2: "${country}"`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 99_999_999) throw new RangeError(`serial out of range: ${serial}`);
  if (classifyServiceIndicator(serviceIndicator).use === 'RESERVED') {
    throw new RangeError(`service indicator ${serviceIndicator} is reserved and never valid`);
  }
  const digits = String(serial).padStart(8, '0');
  return `${serviceIndicator}${digits}${checkDigit(digits)}${country}`;
}

export interface ParsedS10 {
  serviceIndicator: string;
  serial: string;
  checkDigit: number;
  country: string;
}

export type S10Validation = { valid: true; parsed: ParsedS10 } | { valid: false; problem: S10Problem; message: string };

/** Accepts the printed form too (spaces, lower case) and validates format, check digit and reserved ranges. */
export function validateS10(input: string): S10Validation {
  const id = normaliseS10(input);
  if (!S10_PATTERN.test(id)) {
    return { valid: false, problem: 'FORMAT', message: 'A tracking number has 2 letters, 9 digits and 2 letters, like EE473124829MY.' };
  }
  const parsed: ParsedS10 = {
    serviceIndicator: id.slice(0, 2),
    serial: id.slice(2, 10),
    checkDigit: Number(id[10]),
    country: id.slice(11, 13),
  };
  if (classifyServiceIndicator(parsed.serviceIndicator).use === 'RESERVED') {
    return { valid: false, problem: 'RESERVED_SERVICE_INDICATOR', message: `Tracking numbers never start with ${parsed.serviceIndicator}.` };
  }
  const expected = checkDigit(parsed.serial);
  if (expected !== parsed.checkDigit) {
    return {
      valid: false,
      problem: 'CHECK_DIGIT',
      message: 'This tracking number is mistyped: its check digit does not match. Check each character and try again.',
    };
  }
  return { valid: true, parsed };
}

export function normaliseS10(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** Printed form used on labels: `EE 473 124 829 MY`. */
export function formatS10(id: string): string {
  return `${id.slice(0, 2)} ${id.slice(2, 5)} ${id.slice(5, 8)} ${id.slice(8, 11)} ${id.slice(11)}`;
}
