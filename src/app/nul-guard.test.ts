import { findNul, jsonBodyFreeOfNul } from './nul-guard.js';

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

describe('jsonBodyFreeOfNul', () => {
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('clears a UTF-8 body whose JSON holds no NUL escape', () => {
    expect(jsonBodyFreeOfNul(body({ variables: { a: 'tab\there', b: 'Москва' } }), 'utf-8')).toBe(true);
  });

  it('does not clear a body with the escape, even one that decodes to the six characters, nor another charset', () => {
    expect(jsonBodyFreeOfNul(body({ variables: { a: 'a\u0000b' } }), 'utf-8')).toBe(false);
    expect(jsonBodyFreeOfNul(body({ query: '{ track(trackingNumber: "RB\\u0000") { code } }' }), 'utf-8')).toBe(false);
    expect(jsonBodyFreeOfNul(body({ variables: { a: '\\u0000 written out' } }), 'utf-8')).toBe(false);
    expect(jsonBodyFreeOfNul(Buffer.from(JSON.stringify({ a: 'x' }), 'utf16le'), 'utf-16le')).toBe(false);
  });
});
