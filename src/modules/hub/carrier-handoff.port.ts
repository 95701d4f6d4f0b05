import type { Queryable } from '../../db/database.js';
import type { JsonText } from '../../db/json-text.js';

/** What the carrier receives with a closed dispatch: the CN 38-style delivery bill and ITMATT-style item data. */
export interface DispatchAdvance {
  dispatchNumber: string;
  carrier: string;
  deliveryBill: { receptacles: { receptacleNumber: string | null; weightGrams: number; itemCount: number; highest: boolean }[] } & Record<string, unknown>;
  items: (Record<string, unknown> & { trackingNumber: string; receptacleNumber: string | undefined })[];
}

/**
 * How a closed dispatch joins its carrier's handoff queue, in the closing transaction: the carriers
 * module owns the queue (carrier_handoffs) and keeps the advance data it hands over.
 */
export interface CarrierHandoffPort {
  /** `advanceJson`: the advance data as serialised for the dispatch.closed message, stored as it is. */
  dispatchClosed(tx: Queryable, handoff: { dispatchId: string; carrierId: string; advance: DispatchAdvance; advanceJson: JsonText }): Promise<void>;
}
