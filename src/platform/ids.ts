const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Guards SQL from ids that Postgres would reject with a cast error (a 500 otherwise). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
