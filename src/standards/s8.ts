/**
 * UPU S8 dispatch identifiers (20 characters) and the mail category / subclass fields they carry.
 * Pure functions, no I/O. Facts: shared/domain.md §2.
 *
 * | pos   | len | field                                   |
 * |-------|-----|-----------------------------------------|
 * | 1–6   | 6   | origin office of exchange (IMPC)         |
 * | 7–12  | 6   | destination office of exchange (IMPC)    |
 * | 13    | 1   | mail category (code list 115)           |
 * | 14–15 | 2   | mail subclass (code list 117)           |
 * | 16    | 1   | last digit of the year                  |
 * | 17–20 | 4   | dispatch serial number, 0001–9999       |
 */

export const S8_LENGTH = 20;
export const MAX_DISPATCH_SERIAL = 9999;

/** Code list 115: A air/priority, B S.A.L., C surface/non-priority, D priority by surface. */
export const MAIL_CATEGORIES = ['A', 'B', 'C', 'D'] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

/** First letter of a subclass is the mail class: U letter post, C parcels, E EMS, T empty bags. */
export const MAIL_CLASSES = ['U', 'C', 'E', 'T'] as const;
export type MailClass = (typeof MAIL_CLASSES)[number];

/** IMPC office of exchange: 2-letter country, 3-character location, 1-letter qualifier (e.g. MYKULA). */
const OFFICE_PATTERN = /^[A-Z]{2}[A-Z0-9]{3}[A-Z]$/;
const SUBCLASS_PATTERN = /^[UCET][A-Z]$/;
const S8_PATTERN = /^([A-Z]{2}[A-Z0-9]{3}[A-Z])([A-Z]{2}[A-Z0-9]{3}[A-Z])([A-D])([UCET][A-Z])(\d)(\d{4})$/;

export interface S8Fields {
  originOffice: string;
  destinationOffice: string;
  mailCategory: MailCategory;
  mailSubclass: string;
  /** The full year (2026) or its last digit (6); only the last digit is encoded. */
  year: number;
  /** 1–9999. */
  serial: number;
}

export interface ParsedS8 {
  originOffice: string;
  destinationOffice: string;
  mailCategory: MailCategory;
  mailSubclass: string;
  mailClass: MailClass;
  yearDigit: number;
  serial: number;
}

export type S8Problem = 'LENGTH' | 'FORMAT' | 'SAME_OFFICE' | 'SERIAL_ZERO';
export type S8Validation = { valid: true; parsed: ParsedS8 } | { valid: false; problem: S8Problem; message: string };

export function isOfficeOfExchange(code: string): boolean {
  return OFFICE_PATTERN.test(code);
}

export function isMailCategory(code: string): code is MailCategory {
  return (MAIL_CATEGORIES as readonly string[]).includes(code);
}

export function isMailSubclass(code: string): boolean {
  return SUBCLASS_PATTERN.test(code);
}

export function yearDigit(year: number): number {
  if (!Number.isInteger(year) || year < 0) throw new RangeError(`year must be a non-negative integer, got ${year}`);
  return year % 10;
}

export function buildS8(fields: S8Fields): string {
  const { originOffice, destinationOffice, mailCategory, mailSubclass, year, serial } = fields;
  if (!isOfficeOfExchange(originOffice)) throw new RangeError(`origin office of exchange must be 6 IMPC characters: "${originOffice}"`);
  if (!isOfficeOfExchange(destinationOffice)) throw new RangeError(`destination office of exchange must be 6 IMPC characters: "${destinationOffice}"`);
  if (originOffice === destinationOffice) throw new RangeError(`origin and destination office are both ${originOffice}`);
  if (!isMailCategory(mailCategory)) throw new RangeError(`mail category must be one of A, B, C, D: "${mailCategory}"`);
  if (!isMailSubclass(mailSubclass)) throw new RangeError(`mail subclass must be a class letter (U, C, E, T) and a letter: "${mailSubclass}"`);
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_DISPATCH_SERIAL) {
    throw new RangeError(`dispatch serial must be 1–${MAX_DISPATCH_SERIAL}, got ${serial}`);
  }
  const id = `${originOffice}${destinationOffice}${mailCategory}${mailSubclass}${yearDigit(year)}${String(serial).padStart(4, '0')}`;
  return id;
}

export function parseS8(input: string): S8Validation {
  const id = input.replace(/\s/g, '').toUpperCase();
  if (id.length !== S8_LENGTH) {
    return { valid: false, problem: 'LENGTH', message: `A dispatch identifier has ${S8_LENGTH} characters; this one has ${id.length}.` };
  }
  const m = S8_PATTERN.exec(id);
  if (!m) {
    return {
      valid: false,
      problem: 'FORMAT',
      message: 'A dispatch identifier is origin office (6), destination office (6), category (A–D), subclass (2), year digit and a 4-digit serial.',
    };
  }
  const [, originOffice, destinationOffice, mailCategory, mailSubclass, year, serial] = m;
  if (originOffice === destinationOffice) return { valid: false, problem: 'SAME_OFFICE', message: 'Origin and destination office are the same.' };
  if (Number(serial) === 0) return { valid: false, problem: 'SERIAL_ZERO', message: 'Dispatch serial 0000 is not used; serials start at 0001.' };
  return {
    valid: true,
    parsed: {
      originOffice,
      destinationOffice,
      mailCategory: mailCategory as MailCategory,
      mailSubclass,
      mailClass: mailSubclass[0] as MailClass,
      yearDigit: Number(year),
      serial: Number(serial),
    },
  };
}

export function validateS8(input: string): boolean {
  return parseS8(input).valid;
}
