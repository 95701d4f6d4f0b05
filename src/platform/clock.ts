/**
 * Where services read the time. Production runs on the system clock; specs give a clock they move
 * themselves (`manualClock`), so "an hour later" is a call, not a sleep.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: `advance(ms)` or `set(date)`. */
export function manualClock(start: Date = new Date()): Clock & { advance(ms: number): Date; set(date: Date): void } {
  let time = start.getTime();
  return {
    now: () => new Date(time),
    advance(ms: number) {
      time += ms;
      return new Date(time);
    },
    set(date: Date) {
      time = date.getTime();
    },
  };
}
