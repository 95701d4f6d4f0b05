import { randomFillSync } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Guards SQL from ids that Postgres would reject with a cast error (a 500 otherwise). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const random = Buffer.alloc(4096);
let randomOffset = random.length;
let lastMs = 0;
let counter = 0;

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit counter seeded at random each
 * millisecond (monotonic within this process, section 6.2 method 1), then 62 random bits. Keys made
 * in time order land at the right edge of every B-tree that holds them, where random (v4) keys would
 * dirty a page anywhere in the index for each row — the difference is most of the index cost of
 * declaring parcels in bulk. 74 random bits still make ids unguessable, and visibility is enforced in
 * SQL in any case.
 */
export function uuidv7(now = Date.now()): string {
  if (randomOffset + 10 > random.length) {
    randomFillSync(random);
    randomOffset = 0;
  }
  const r = randomOffset;
  randomOffset += 10;
  let ms = now;
  if (ms > lastMs) {
    lastMs = ms;
    counter = ((random[r] & 0x07) << 8) | random[r + 1];
  } else {
    // Same (or an earlier) millisecond: keep order by counting on; borrow the next millisecond on overflow.
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      ms = lastMs;
      counter = 0;
    }
  }
  const hi = Math.floor(ms / 2 ** 16);
  const lo = ms % 2 ** 16;
  return (
    HEX[(hi >>> 24) & 0xff] + HEX[(hi >>> 16) & 0xff] + HEX[(hi >>> 8) & 0xff] + HEX[hi & 0xff] + '-' +
    HEX[lo >>> 8] + HEX[lo & 0xff] + '-' +
    HEX[0x70 | (counter >>> 8)] + HEX[counter & 0xff] + '-' +
    HEX[0x80 | (random[r + 2] & 0x3f)] + HEX[random[r + 3]] + '-' +
    HEX[random[r + 4]] + HEX[random[r + 5]] + HEX[random[r + 6]] + HEX[random[r + 7]] + HEX[random[r + 8]] + HEX[random[r + 9]]
  );
}
