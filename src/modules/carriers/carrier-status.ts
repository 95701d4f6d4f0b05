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

export interface StatusStep {
  to: string;
  code: string;
  occurredAt: Date;
}

/**
 * The statuses one report moves a parcel through, in event time, so a seller hears of each: a
 * batch holding "out for delivery" and "delivered" announces both, in that order, whatever order
 * they arrived in. Fresh events older than one known before do not step (the parcel was already
 * past them); the last step always lands on the status of the whole history.
 */
export function statusSteps(
  current: string,
  fresh: readonly { code: string; occurredAt: Date }[],
  historyLatestFirst: readonly { code: string; occurredAt: Date }[],
  statusOf: ReadonlyMap<string, string>,
): StatusStep[] {
  const isFresh = (e: { code: string; occurredAt: Date }) => fresh.some((f) => f.code === e.code && f.occurredAt.getTime() === new Date(e.occurredAt).getTime());
  const known = historyLatestFirst.find((e) => !isFresh(e));
  const knownLatest = known ? new Date(known.occurredAt).getTime() : Number.NEGATIVE_INFINITY;
  const steps: StatusStep[] = [];
  let running = current;
  const inTime = [...fresh].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const e of inTime) {
    if (running === 'DELIVERED' || e.occurredAt.getTime() < knownLatest) continue;
    const to = e.code === FINAL_DELIVERY ? 'DELIVERED' : statusOf.get(e.code);
    if (to && to !== running) {
      steps.push({ to, code: e.code, occurredAt: e.occurredAt });
      running = to;
    }
  }
  const final = statusFromCarrierEvents(historyLatestFirst, statusOf, current);
  if (final !== running) {
    const cause = historyLatestFirst.find((e) => (final === 'DELIVERED' ? e.code === FINAL_DELIVERY : statusOf.get(e.code) === final)) ?? inTime[inTime.length - 1];
    steps.push({ to: final, code: cause.code, occurredAt: new Date(cause.occurredAt) });
  }
  return steps;
}
