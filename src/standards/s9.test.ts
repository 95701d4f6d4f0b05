import { describe, expect, it } from '@jest/globals';
import { buildS9, encodeWeight, parseS9, s9Identity, validateS9, withHighestIndicator } from './s9.js';

const dispatchId = 'MYKULARUMOWAACC60042';

describe('buildS9', () => {
  it('builds the worked example from domain.md (MYKULARUMOWAACC60042017000184)', () => {
    const id = buildS9({ dispatchId, receptacleSerial: 17, highest: false, registered: false, weightGrams: 18_400 });
    expect(id).toBe('MYKULARUMOWAACC60042017000184');
    expect(id).toHaveLength(29);
  });

  it('puts every field at its position', () => {
    const id = buildS9({ dispatchId, receptacleSerial: 999, highest: true, registered: true, weightGrams: 29_950 });
    expect(id.slice(0, 20)).toBe(dispatchId);
    expect(id.slice(20, 23)).toBe('999');
    expect(id[23]).toBe('1');
    expect(id[24]).toBe('1');
    expect(id.slice(25)).toBe('0300');
  });

  it('writes 9 for unknown indicators', () => {
    const id = buildS9({ dispatchId, receptacleSerial: 1, highest: null, registered: null, weightGrams: 1000 });
    expect(id.slice(20)).toBe('001990010');
  });

  it('refuses receptacle serials outside 1–999 (overflow) and a bad dispatch id', () => {
    expect(() => buildS9({ dispatchId, receptacleSerial: 0, highest: false, registered: false, weightGrams: 1 })).toThrow(/1–999/);
    expect(() => buildS9({ dispatchId, receptacleSerial: 1000, highest: false, registered: false, weightGrams: 1 })).toThrow(/1–999/);
    expect(() => buildS9({ dispatchId: 'MYKULARUMOWAACC6004', receptacleSerial: 1, highest: false, registered: false, weightGrams: 1 })).toThrow(/S8/);
  });
});

describe('encodeWeight', () => {
  it.each([
    [18_400, '0184'],
    [18_449, '0184'],
    [18_450, '0185'],
    [18_351, '0184'],
    [30_000, '0300'],
    [100, '0001'],
    [149, '0001'],
    [150, '0002'],
    [0, '0000'],
    [1, '0001'],
    [49, '0001'],
    [999_849, '9998'],
    [999_850, '9999'],
    [999_900, '9999'],
    [1_500_000, '9999'],
  ])('%i g → %s', (grams, encoded) => {
    expect(encodeWeight(grams)).toBe(encoded);
  });

  it('refuses negative and fractional grams', () => {
    expect(() => encodeWeight(-1)).toThrow(RangeError);
    expect(() => encodeWeight(10.5)).toThrow(RangeError);
  });
});

describe('parseS9', () => {
  it('reads every field back', () => {
    expect(parseS9('MYKULARUMOWAACC60042017000184')).toEqual({
      valid: true,
      parsed: {
        dispatch: { originOffice: 'MYKULA', destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'CC', mailClass: 'C', yearDigit: 6, serial: 42 },
        dispatchId,
        receptacleSerial: 17,
        highest: false,
        registered: false,
        weightUnits: 184,
        weightGrams: 18_400,
        weightCapped: false,
      },
    });
  });

  it('reads the indicators 1 and 9 and the 9999 cap', () => {
    expect(parseS9('MYKULARUMOWAACC60042001119999')).toMatchObject({ valid: true, parsed: { highest: true, registered: true, weightCapped: true } });
    expect(parseS9('MYKULARUMOWAACC60042001990001')).toMatchObject({ valid: true, parsed: { highest: null, registered: null, weightGrams: 100 } });
  });

  it.each([
    ['MYKULARUMOWAACC6004201700018', 'LENGTH'],
    ['MYKULARUMOWAACC600420170001844', 'LENGTH'],
    ['MYKULARUMOWAECC60042017000184', 'DISPATCH'],
    ['MYKULARUMOWAACC60042017200184', 'FORMAT'],
    ['MYKULARUMOWAACC60042017020184', 'FORMAT'],
    ['MYKULARUMOWAACC6004201700018A', 'FORMAT'],
    ['MYKULARUMOWAACC60042000000184', 'SERIAL_ZERO'],
  ])('refuses %p as %s', (id, problem) => {
    expect(parseS9(id)).toMatchObject({ valid: false, problem });
  });

  it('round-trips built identifiers', () => {
    for (const [serial, highest, registered, grams] of [[1, true, false, 500], [250, false, true, 29_999], [999, null, null, 0]] as const) {
      const id = buildS9({ dispatchId, receptacleSerial: serial, highest, registered, weightGrams: grams });
      expect(validateS9(id)).toBe(true);
      expect(parseS9(id)).toMatchObject({ valid: true, parsed: { receptacleSerial: serial, highest, registered } });
    }
  });
});

describe('withHighestIndicator', () => {
  it('changes only position 24', () => {
    const id = 'MYKULARUMOWAACC60042017000184';
    expect(withHighestIndicator(id, true)).toBe('MYKULARUMOWAACC60042017100184');
    expect(withHighestIndicator(withHighestIndicator(id, true), false)).toBe(id);
    expect(() => withHighestIndicator('nonsense', true)).toThrow(RangeError);
  });
});

describe('s9Identity', () => {
  it('is the S8 dispatch id and serial, whatever the indicator and weight digits', () => {
    expect(s9Identity('MYKULARUMOWAACC60042017000184')).toBe('MYKULARUMOWAACC60042017');
    expect(s9Identity('MYKULARUMOWAACC60042017110999')).toBe('MYKULARUMOWAACC60042017');
    expect(s9Identity(' mykularumowaacc60042017000184 ')).toBe('MYKULARUMOWAACC60042017');
  });

  it('is undefined for what is not an S9', () => {
    expect(s9Identity('MYKULARUMOWAACC6004201')).toBeUndefined();
    expect(s9Identity('MYKULARUMOWAACC60042000000184')).toBeUndefined();
  });
});
