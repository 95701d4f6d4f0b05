/**
 * Where services read the time. Production runs on the system clock; specs give a clock they move
 * themselves (`manualClock`), so "an hour later" is a call, not a sleep.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The UTC day of an instant, YYYY-MM-DD: the day whose rules and rates apply. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

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
