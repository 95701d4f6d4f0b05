import { isUuid, uuidv7 } from './ids.js';

describe('uuidv7', () => {
  it('is a well-formed RFC 9562 version 7 UUID', () => {
    const id = uuidv7();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('carries the Unix time in milliseconds in its first 48 bits', () => {
    // Later than any id made before in this file: the generator never goes back in time.
    const at = Date.UTC(2028, 10, 21, 13, 45, 12, 345);
    const id = uuidv7(at);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts in creation order, also many times within one millisecond and across the counter overflow', () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes back when the clock does', () => {
    const later = uuidv7(Date.UTC(2031, 0, 1));
    const afterClockStep = uuidv7(Date.UTC(2029, 0, 1));
    expect(afterClockStep > later).toBe(true);
  });

  it('keeps at least 62 random bits: ids made in one millisecond differ past the counter', () => {
    const at = Date.UTC(2032, 0, 1);
    const tails = new Set(Array.from({ length: 1000 }, () => uuidv7(at).slice(19)));
    expect(tails.size).toBe(1000);
  });
});
