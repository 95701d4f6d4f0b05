/** Where "now" comes from: the system clock in production, a settable one in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The UTC day of an instant, YYYY-MM-DD: the day whose rules and rates apply. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
