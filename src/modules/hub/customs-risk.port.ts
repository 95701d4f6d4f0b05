import type { Queryable } from '../../db/database.js';
import type { Actor } from '../auth/principal.js';

/**
 * What the hub asks of customs when a parcel weighs other than declared: re-run the risk
 * assessment inside the receiving transaction. The customs module implements it; until it is
 * wired in src/app/services.ts, the no-op below stands in (the hub records the weight-discrepancy
 * exception either way).
 */
export interface CustomsRiskPort {
  reassessWeight(tx: Queryable, shipmentId: string, measuredGrams: number, actor: Actor): Promise<void>;
}

export const noCustomsRisk: CustomsRiskPort = {
  async reassessWeight() {
    // customs (issue 3) connects here
  },
};
