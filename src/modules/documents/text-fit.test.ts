import { describe, expect, it } from '@jest/globals';
import { fitText, wrapText, type Measure } from './text-fit.js';

/** Every character 0.5 em wide: easy arithmetic. */
const measure: Measure = (text) => Array.from(text).length * 0.5;

describe('wrapText', () => {
  it('wraps at spaces, keeps explicit line breaks, breaks a word wider than the box', () => {
    expect(wrapText('aaa bbb ccc', 40, 10, 'regular', measure)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('one\ntwo', 100, 10, 'regular', measure)).toEqual(['one', 'two']);
    expect(wrapText('abcdefghij', 25, 10, 'regular', measure)).toEqual(['abcde', 'fghij']);
  });
});

describe('fitText', () => {
  const base = { width: 50, height: 24, size: 10, minSize: 5, font: 'regular' as const, leading: 1.2 };

  it('keeps the size when the text fits', () => {
    const fitted = fitText('short', base, measure);
    expect(fitted).toMatchObject({ size: 10, lines: ['short'], truncated: false });
  });

  it('shrinks before it cuts', () => {
    const fitted = fitText('aaaa bbbb cccc dddd eeee', base, measure);
    expect(fitted.size).toBeLessThan(10);
    expect(fitted.size).toBeGreaterThanOrEqual(5);
    expect(fitted.truncated).toBe(false);
    expect(fitted.lines.join(' ')).toBe('aaaa bbbb cccc dddd eeee');
    expect(fitted.lines.length * fitted.lineHeight).toBeLessThanOrEqual(base.height);
  });

  it('cuts with an ellipsis at the minimum size, never exceeding the box', () => {
    const long = 'word '.repeat(200);
    const fitted = fitText(long, base, measure);
    expect(fitted.size).toBe(5);
    expect(fitted.truncated).toBe(true);
    expect(fitted.lines.at(-1)!.endsWith('…')).toBe(true);
    expect(fitted.lines.length * fitted.lineHeight).toBeLessThanOrEqual(base.height);
    for (const line of fitted.lines) expect(measure(line, 'regular') * fitted.size).toBeLessThanOrEqual(base.width);
  });

  it('honours maxLines', () => {
    const fitted = fitText('aaa bbb ccc ddd', { ...base, height: 1000, maxLines: 1, minSize: 10 }, measure);
    expect(fitted.lines).toHaveLength(1);
    expect(fitted.truncated).toBe(true);
  });
});
