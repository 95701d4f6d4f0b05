import { describe, expect, it } from '@jest/globals';
import { parseNumbers } from './tracking-page.js';

describe('parseNumbers', () => {
  it('takes one number per line, trims, drops blank lines and repeats', () => {
    expect(parseNumbers(' LM100000003MY \r\n\n lm100000003my\nRB 1000 0001 5MY\n')).toEqual(['LM100000003MY', 'RB 1000 0001 5MY']);
  });

  it('also splits on commas and semicolons (pasted from a spreadsheet or an e-mail)', () => {
    expect(parseNumbers('A,B;C')).toEqual(['A', 'B', 'C']);
  });

  it('returns nothing for whitespace', () => {
    expect(parseNumbers(' \n \n')).toEqual([]);
  });
});
