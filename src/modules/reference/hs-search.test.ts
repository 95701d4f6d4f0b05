import { describe, expect, it } from '@jest/globals';
import { searchHsCodes } from './hs-search.js';

const ENTRIES = [
  { code: '6109', title: 'T-shirts, singlets and other vests, knitted or crocheted' },
  { code: '610910', title: 'T-shirts, singlets and other vests, knitted or crocheted, of cotton' },
  { code: '6110', title: 'Jerseys, pullovers, cardigans, knitted' },
  { code: '4202', title: 'Trunks, handbags, wallets' },
];

describe('searchHsCodes', () => {
  it('finds by code prefix, ignoring dots and spaces', () => {
    expect(searchHsCodes(ENTRIES, '6109', 10).map((e) => e.code)).toEqual(['6109', '610910']);
    expect(searchHsCodes(ENTRIES, '6109.10', 10).map((e) => e.code)).toEqual(['610910']);
    expect(searchHsCodes(ENTRIES, '61', 10).map((e) => e.code)).toEqual(['6109', '610910', '6110']);
  });
  it('finds by every word of the title, case-insensitively, at most `first`', () => {
    expect(searchHsCodes(ENTRIES, 'COTTON t-shirts', 10).map((e) => e.code)).toEqual(['610910']);
    expect(searchHsCodes(ENTRIES, 'knitted', 2).map((e) => e.code)).toEqual(['6109', '610910']);
    expect(searchHsCodes(ENTRIES, 'helicopter', 10)).toEqual([]);
    expect(searchHsCodes(ENTRIES, '   ', 10)).toEqual([]);
  });
});
