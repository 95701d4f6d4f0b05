/**
 * UPU S9 receptacle identifiers (29 characters): the S8 dispatch identifier followed by the
 * receptacle serial, the highest-receptacle indicator, the registered indicator and the gross
 * weight in 0.1 kg. Pure functions, no I/O. Facts: shared/domain.md §2.
 *
 * | pos   | len | field                                                     |
 * |-------|-----|-----------------------------------------------------------|
 * | 1–20  | 20  | S8 dispatch identifier                                    |
 * | 21–23 | 3   | receptacle serial within the dispatch, 001–999            |
 * | 24    | 1   | highest receptacle: 1 last bag, 0 not last, 9 unknown     |
 * | 25    | 1   | registered/insured items: 1 yes, 0 none, 9 unknown        |
 * | 26–29 | 4   | gross weight in 0.1 kg (0184 = 18.4 kg); 9999 = 999.9 kg or more |
 */
import { parseS8, type ParsedS8 } from './s8.js';

export const S9_LENGTH = 29;
export const MAX_RECEPTACLE_SERIAL = 999;
export const MAX_WEIGHT_UNITS = 9999;

export type Indicator = '0' | '1' | '9';

export interface S9Fields {
  dispatchId: string;
  /** 1–999. */
  receptacleSerial: number;
  /** true: last bag of the dispatch; false: not last; null: unknown (9). */
  highest: boolean | null;
  /** true: contains registered or insured items; false: none; null: unknown (9). */
  registered: boolean | null;
  weightGrams: number;
}

export interface ParsedS9 {
  dispatch: ParsedS8;
  dispatchId: string;
  receptacleSerial: number;
  highest: boolean | null;
  registered: boolean | null;
  /** Weight in 0.1 kg as encoded; 9999 means at least 999.9 kg. */
  weightUnits: number;
  /** The encoded weight in grams (weightUnits × 100); a lower bound when capped. */
  weightGrams: number;
  weightCapped: boolean;
}

export type S9Problem = 'LENGTH' | 'DISPATCH' | 'FORMAT' | 'SERIAL_ZERO';
export type S9Validation = { valid: true; parsed: ParsedS9 } | { valid: false; problem: S9Problem; message: string };

/**
 * Grams to the 4-digit 0.1 kg field: rounded half up to the nearest 100 g (18,449 g → 0184,
 * 18,450 g → 0185), at least 0001 for a bag that weighs anything, capped at 9999.
 */
export function encodeWeight(grams: number): string {
  if (!Number.isInteger(grams) || grams < 0) throw new RangeError(`weight must be a non-negative whole number of grams, got ${grams}`);
  let units = Math.floor((grams + 50) / 100);
  if (grams > 0 && units === 0) units = 1;
  if (units > MAX_WEIGHT_UNITS) units = MAX_WEIGHT_UNITS;
  return String(units).padStart(4, '0');
}

const indicator = (value: boolean | null): Indicator => (value === null ? '9' : value ? '1' : '0');
const fromIndicator = (value: string): boolean | null => (value === '9' ? null : value === '1');

export function buildS9(fields: S9Fields): string {
  const dispatch = parseS8(fields.dispatchId);
  if (!dispatch.valid) throw new RangeError(`not a valid S8 dispatch identifier: "${fields.dispatchId}" (${dispatch.problem})`);
  const serial = fields.receptacleSerial;
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_RECEPTACLE_SERIAL) {
    throw new RangeError(`receptacle serial must be 1–${MAX_RECEPTACLE_SERIAL}, got ${serial}`);
  }
  return `${fields.dispatchId.toUpperCase()}${String(serial).padStart(3, '0')}${indicator(fields.highest)}${indicator(fields.registered)}${encodeWeight(fields.weightGrams)}`;
}

/** The same identifier with another highest-receptacle indicator (set on the last bag when the dispatch closes). */
export function withHighestIndicator(s9: string, highest: boolean | null): string {
  const parsed = parseS9(s9);
  if (!parsed.valid) throw new RangeError(`not a valid S9 receptacle identifier: "${s9}" (${parsed.problem})`);
  return `${s9.slice(0, 23)}${indicator(highest)}${s9.slice(24)}`;
}

export function parseS9(input: string): S9Validation {
  const id = input.replace(/\s/g, '').toUpperCase();
  if (id.length !== S9_LENGTH) {
    return { valid: false, problem: 'LENGTH', message: `A receptacle identifier has ${S9_LENGTH} characters; this one has ${id.length}.` };
  }
  const dispatch = parseS8(id.slice(0, 20));
  if (!dispatch.valid) return { valid: false, problem: 'DISPATCH', message: `Its first 20 characters are not a dispatch identifier: ${dispatch.message}` };
  const m = /^(\d{3})([019])([019])(\d{4})$/.exec(id.slice(20));
  if (!m) {
    return {
      valid: false,
      problem: 'FORMAT',
      message: 'After the dispatch identifier come a 3-digit serial, the highest-receptacle (0/1/9) and registered (0/1/9) indicators and a 4-digit weight.',
    };
  }
  const [, serial, highest, registered, weight] = m;
  if (Number(serial) === 0) return { valid: false, problem: 'SERIAL_ZERO', message: 'Receptacle serial 000 is not used; serials start at 001.' };
  const weightUnits = Number(weight);
  return {
    valid: true,
    parsed: {
      dispatch: dispatch.parsed,
      dispatchId: id.slice(0, 20),
      receptacleSerial: Number(serial),
      highest: fromIndicator(highest),
      registered: fromIndicator(registered),
      weightUnits,
      weightGrams: weightUnits * 100,
      weightCapped: weightUnits === MAX_WEIGHT_UNITS,
    },
  };
}

/**
 * A receptacle's identity: its S8 dispatch identifier and serial (the first 23 characters). The
 * indicator and weight digits after them may change (the last bag of a dispatch gets indicator 1
 * at dispatch close), so a label printed earlier still names the same bag. Undefined when not an S9.
 */
export function s9Identity(input: string): string | undefined {
  const parsed = parseS9(input);
  return parsed.valid ? parsed.parsed.dispatchId + String(parsed.parsed.receptacleSerial).padStart(3, '0') : undefined;
}

export function validateS9(input: string): boolean {
  return parseS9(input).valid;
}
