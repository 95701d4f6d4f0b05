import { describe, expect, it } from '@jest/globals';
import { buildS8, isMailSubclass, isOfficeOfExchange, parseS8, validateS8, yearDigit } from './s8.js';

const base = { originOffice: 'MYKULA', destinationOffice: 'RUMOWA', mailCategory: 'A' as const, mailSubclass: 'CC', year: 2026, serial: 42 };

describe('buildS8', () => {
  it('builds the dispatch of the worked example in domain.md (MYKULARUMOWAACC60042)', () => {
    const id = buildS8(base);
    expect(id).toBe('MYKULARUMOWAACC60042');
    expect(id).toHaveLength(20);
  });

  it('puts every field at its position', () => {
    const id = buildS8({ originOffice: 'MYKULA', destinationOffice: 'DEFRAA', mailCategory: 'C', mailSubclass: 'UA', year: 2029, serial: 9999 });
    expect(id.slice(0, 6)).toBe('MYKULA');
    expect(id.slice(6, 12)).toBe('DEFRAA');
    expect(id[12]).toBe('C');
    expect(id.slice(13, 15)).toBe('UA');
    expect(id[15]).toBe('9');
    expect(id.slice(16)).toBe('9999');
  });

  it('encodes only the last digit of the year, from a full year or a digit', () => {
    expect(buildS8({ ...base, year: 2030 })[15]).toBe('0');
    expect(buildS8({ ...base, year: 2031 })[15]).toBe('1');
    expect(buildS8({ ...base, year: 7 })[15]).toBe('7');
    expect(yearDigit(2026)).toBe(6);
    expect(() => yearDigit(-1)).toThrow(RangeError);
    expect(() => yearDigit(2026.5)).toThrow(RangeError);
  });

  it('pads the serial to 4 digits and refuses 0 and overflow past 9999', () => {
    expect(buildS8({ ...base, serial: 1 }).slice(16)).toBe('0001');
    expect(() => buildS8({ ...base, serial: 0 })).toThrow(/1–9999/);
    expect(() => buildS8({ ...base, serial: 10000 })).toThrow(/1–9999/);
    expect(() => buildS8({ ...base, serial: 1.5 })).toThrow(RangeError);
  });

  it.each([
    ['a short origin office', { originOffice: 'MYKUL' }],
    ['a lower-case destination office', { destinationOffice: 'rumowa' }],
    ['a digit as qualifier', { destinationOffice: 'RUMOW1' }],
    ['the same office twice', { destinationOffice: 'MYKULA' }],
    ['category E', { mailCategory: 'E' }],
    ['subclass of an unknown class', { mailSubclass: 'XA' }],
    ['a one-letter subclass', { mailSubclass: 'C' }],
  ])('refuses %s', (_label, override) => {
    expect(() => buildS8({ ...base, ...override } as never)).toThrow(RangeError);
  });
});

describe('parseS8', () => {
  it('reads every field back', () => {
    expect(parseS8('MYKULARUMOWAACC60042')).toEqual({
      valid: true,
      parsed: { originOffice: 'MYKULA', destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'CC', mailClass: 'C', yearDigit: 6, serial: 42 },
    });
  });

  it('round-trips every category and class', () => {
    for (const mailCategory of ['A', 'B', 'C', 'D'] as const) {
      for (const mailSubclass of ['UA', 'CC', 'EN', 'TA']) {
        const id = buildS8({ ...base, mailCategory, mailSubclass });
        const parsed = parseS8(id);
        expect(parsed).toMatchObject({ valid: true, parsed: { mailCategory, mailSubclass, mailClass: mailSubclass[0] } });
      }
    }
  });

  it('accepts lower case and spaces', () => {
    expect(validateS8('mykula rumowa acc6 0042')).toBe(true);
  });

  it.each([
    ['MYKULARUMOWAACC6004', 'LENGTH'],
    ['MYKULARUMOWAACC600421', 'LENGTH'],
    ['', 'LENGTH'],
    ['MYKULARUMOWAECC60042', 'FORMAT'],
    ['MYKULARUMOWAAXC60042', 'FORMAT'],
    ['MYKULARUMOWAACCX0042', 'FORMAT'],
    ['MYKULARUMOWAACC6004A', 'FORMAT'],
    ['1YKULARUMOWAACC60042', 'FORMAT'],
    ['MYKULAMYKULAACC60042', 'SAME_OFFICE'],
    ['MYKULARUMOWAACC60000', 'SERIAL_ZERO'],
  ])('refuses %p as %s', (id, problem) => {
    expect(parseS8(id)).toMatchObject({ valid: false, problem });
  });

  it('checks office codes and subclasses on their own', () => {
    expect(isOfficeOfExchange('MYKULA')).toBe(true);
    expect(isOfficeOfExchange('MYKUL')).toBe(false);
    expect(isMailSubclass('CC')).toBe(true);
    expect(isMailSubclass('EN')).toBe(true);
    expect(isMailSubclass('ZZ')).toBe(false);
  });
});
