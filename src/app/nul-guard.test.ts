import { findNul } from './nul-guard.js';

describe('findNul', () => {
  it('finds a NUL at any depth and names the path', () => {
    expect(findNul({ inputs: [{ name: 'ok' }, { lines: [{ description: 'a\u0000b' }] }] })).toBe('variables.inputs[1].lines[0].description');
    expect(findNul(['x', '\u0000'], 'args')).toBe('args[1]');
  });

  it('passes text without NUL, including other control characters and non-strings', () => {
    expect(findNul({ a: 'tab\there', b: 'line\nbreak', c: '\\u0000 written out', d: 1, e: null, f: true, g: [] })).toBeUndefined();
    expect(findNul(undefined)).toBeUndefined();
  });
});
