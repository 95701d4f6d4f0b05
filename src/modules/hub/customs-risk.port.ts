import type { Queryable } from '../../db/database.js';
import type { Actor } from '../auth/principal.js';
import type { ChangeJournal } from '../journal/change-journal.js';

/**
 * What the hub tells customs in the receiving transaction: the parcel is physically presented
 * (customs adds its presentation events to the receipt's journal), and, when it weighs other than declared, re-run the risk
 * assessment. The customs module implements it (src/app/services.ts wires it); the no-op below
 * stands in for specs of the hub alone.
 */
export interface CustomsRiskPort {
  presented(tx: Queryable, shipmentIds: readonly string[], at: Date, journal: ChangeJournal): Promise<void>;
  reassessWeight(tx: Queryable, shipmentId: string, measuredGrams: number, actor: Actor): Promise<void>;
}

export const noCustomsRisk: CustomsRiskPort = {
  async presented() {},
  async reassessWeight() {},
};
