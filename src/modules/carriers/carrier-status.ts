/**
 * Parcel status from a carrier's events: the status of the latest event by when it happened
 * (carriers report late and out of order), except that final delivery (EMI) closes the parcel —
 * no event, earlier or later, reopens it.
 */
export const FINAL_DELIVERY = 'EMI';

export function statusFromCarrierEvents(
  eventsLatestFirst: readonly { code: string }[],
  statusOf: ReadonlyMap<string, string>,
  current: string,
): string {
  if (current === 'DELIVERED') return current;
  if (eventsLatestFirst.some((e) => e.code === FINAL_DELIVERY)) return 'DELIVERED';
  for (const e of eventsLatestFirst) {
    const status = statusOf.get(e.code);
    if (status) return status;
  }
  return current;
}
