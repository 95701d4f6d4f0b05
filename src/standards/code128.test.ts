import { describe, expect, it } from '@jest/globals';
import { CODE128, code128Bars, code128Checksum, code128Modules, code128Pattern, code128Widths, encodeCode128 } from './code128.js';

describe('Code 128 patterns', () => {
  it('has 106 distinct 11-module symbols and a 13-module stop', () => {
    const patterns = Array.from({ length: 106 }, (_, v) => code128Pattern(v));
    expect(new Set(patterns).size).toBe(106);
    for (const p of patterns) {
      expect(p).toHaveLength(6);
      expect([...p].reduce((a, c) => a + Number(c), 0)).toBe(11);
    }
    expect(code128Pattern(CODE128.STOP)).toBe('2331112');
    expect(() => code128Pattern(107)).toThrow(RangeError);
  });
});

describe('encodeCode128', () => {
  it('encodes letters in code set B with the modulo-103 checksum', () => {
    // START B, 'A' = 33, 'B' = 34: (104 + 33·1 + 34·2) mod 103 = 205 mod 103 = 102
    expect(encodeCode128('AB')).toEqual([104, 33, 34, 102]);
  });

  it('packs an even all-digit text into code set C', () => {
    // START C, 12, 34: (105 + 12 + 68) mod 103 = 82
    expect(encodeCode128('1234')).toEqual([105, 12, 34, 82]);
  });

  it('switches to C for the digit run of an S10 number, odd first digit in B', () => {
    const values = encodeCode128('LM100000015MY');
    const L = 'L'.charCodeAt(0) - 32;
    const M = 'M'.charCodeAt(0) - 32;
    const Y = 'Y'.charCodeAt(0) - 32;
    expect(values.slice(0, -1)).toEqual([104, L, M, 17, CODE128.CODE_C, 0, 0, 0, 15, CODE128.CODE_B, M, Y]);
    expect(values.at(-1)).toBe(code128Checksum(values.slice(0, -1)));
  });

  it('encodes an S9 receptacle id with its 13-digit tail mostly in C', () => {
    const values = encodeCode128('MYKULARUMOWAACC60042017000184');
    expect(values[0]).toBe(CODE128.START_B);
    expect(values).toContain(CODE128.CODE_C);
    expect(values.length).toBeLessThan(29 + 2);
  });

  it('keeps short digit runs in B', () => {
    expect(encodeCode128('A12B')).toEqual([104, 33, 17, 18, 34, code128Checksum([104, 33, 17, 18, 34])]);
  });

  it('rejects text outside printable ASCII and empty text', () => {
    expect(() => encodeCode128('')).toThrow(RangeError);
    expect(() => encodeCode128('Москва')).toThrow(RangeError);
    expect(() => encodeCode128('A\tB')).toThrow(RangeError);
  });
});

describe('bar geometry', () => {
  it('totals 11 modules per symbol plus 13 for the stop, and alternates bar/space from a bar', () => {
    const widths = code128Widths('LM100000015MY');
    const symbols = encodeCode128('LM100000015MY').length;
    expect(widths.reduce((a, b) => a + b, 0)).toBe(11 * symbols + 13);
    expect(code128Modules('LM100000015MY')).toBe(11 * symbols + 13 + 2 * CODE128.QUIET_ZONE);
    const bars = code128Bars('AB');
    expect(bars[0]).toEqual({ x: 0, width: 2 }); // START B begins 2-1-1-2-1-4
    expect(bars[1]).toEqual({ x: 3, width: 1 });
  });
});
