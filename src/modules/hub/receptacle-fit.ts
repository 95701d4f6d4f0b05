import { sameLane, type Lane } from './lanes.js';

/** What the bagging rules look at in an open receptacle. */
export interface ReceptacleLoad {
  lane: Lane;
  allowRegisteredMix: boolean;
  itemCount: number;
  grossWeightG: number;
  registeredCount: number;
  dangerousGoodsCount: number;
}

/** What the bagging rules look at in a parcel. */
export interface ParcelForBag {
  lane: Lane;
  dangerousGoods: boolean;
  registered: boolean;
  weightG: number;
}

/**
 * True when the parcel may go into the receptacle now: same lane, no dangerous goods mixed with
 * ordinary items, no registered items mixed with ordinary ones unless the lane allows it, and the
 * weight limit kept (the rules addToReceptacle enforces, for telling a scanner where a parcel goes).
 */
export function fitsReceptacle(r: ReceptacleLoad, p: ParcelForBag, maxWeightG: number): boolean {
  if (!sameLane(r.lane, p.lane)) return false;
  const empty = r.itemCount === 0;
  const allDangerous = r.dangerousGoodsCount === r.itemCount;
  if (!empty && (p.dangerousGoods ? !allDangerous : r.dangerousGoodsCount > 0)) return false;
  const allRegistered = r.registeredCount === r.itemCount;
  if (!empty && !r.allowRegisteredMix && (p.registered ? !allRegistered : r.registeredCount > 0)) return false;
  return r.grossWeightG + p.weightG <= maxWeightG;
}
