/**
 * PostgreSQL WAL positions (LSNs) as they travel in the `x-silkgate-lsn` header: "16/B374D848", two
 * hexadecimal halves of a 64-bit byte position.
 */
const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

export function isLsn(text: string): boolean {
  return LSN.test(text);
}

function position(lsn: string): bigint {
  const match = LSN.exec(lsn);
  if (!match) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** Whether a server that has replayed up to `replayed` (null: nothing known) has `target`. */
export function lsnReached(replayed: string | null, target: string): boolean {
  return replayed !== null && position(replayed) >= position(target);
}

/** The later of two positions; null when neither is known. */
export function laterLsn(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return position(a) >= position(b) ? a : b;
}

/** The earlier of two positions; null when either is unknown. */
export function earlierLsn(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null;
  return position(a) <= position(b) ? a : b;
}
