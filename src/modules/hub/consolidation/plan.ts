import { firstFitDecreasing } from './bin-packing.js';

/** A released, received, unbagged parcel as consolidation sees it. */
export interface Candidate {
  id: string;
  weightG: number;
  laneKey: string;
  dangerousGoods: boolean;
  registered: boolean;
}

export interface PlannedReceptacle {
  laneKey: string;
  items: string[];
  weightG: number;
  registered: boolean;
  dangerousGoods: boolean;
}

/**
 * Packs candidates into receptacles: one group per lane, dangerous goods and registered items apart
 * from the others (never mixed, see domain.md §7), each group first-fit decreasing by weight under
 * the receptacle limit. Parcels heavier than the limit on their own are returned as oversized.
 * Pure; the order of the output is deterministic for a given input.
 */
export function planReceptacles(candidates: readonly Candidate[], maxWeightG: number): { receptacles: PlannedReceptacle[]; oversized: string[] } {
  const groups = new Map<string, { laneKey: string; dangerousGoods: boolean; registered: boolean; items: { id: string; weight: number }[] }>();
  for (const c of candidates) {
    const key = `${c.laneKey}#${c.dangerousGoods ? 1 : 0}${c.registered ? 1 : 0}`;
    let group = groups.get(key);
    if (!group) {
      group = { laneKey: c.laneKey, dangerousGoods: c.dangerousGoods, registered: c.registered, items: [] };
      groups.set(key, group);
    }
    group.items.push({ id: c.id, weight: c.weightG });
  }
  const receptacles: PlannedReceptacle[] = [];
  const oversized: string[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    const packed = firstFitDecreasing(group.items, maxWeightG);
    oversized.push(...packed.oversized);
    for (const bin of packed.bins) {
      receptacles.push({ laneKey: group.laneKey, items: bin.items, weightG: bin.weight, registered: group.registered, dangerousGoods: group.dangerousGoods });
    }
  }
  return { receptacles, oversized };
}

/**
 * Splits a lane's receptacles over dispatches: first into the room left in its open dispatches
 * (each takes at most 999 receptacles), then into as few new dispatches as needed, filled evenly:
 * 1,516 bags go as 758 + 758, not 999 + 517, so no dispatch's close, handover and advance data is
 * twice another's (each is one transaction; even ones close side by side).
 */
export function assignToDispatches(
  count: number,
  openDispatches: readonly { id: string; receptacleCount: number }[],
  maxPerDispatch = 999,
): { existing: { id: string; take: number }[]; newDispatchSizes: number[] } {
  let left = count;
  const existing: { id: string; take: number }[] = [];
  for (const d of openDispatches) {
    if (left === 0) break;
    const room = maxPerDispatch - d.receptacleCount;
    if (room <= 0) continue;
    const take = Math.min(room, left);
    existing.push({ id: d.id, take });
    left -= take;
  }
  const dispatches = Math.ceil(left / maxPerDispatch);
  const newDispatchSizes = Array.from({ length: dispatches }, (_, i) => Math.floor(left / dispatches) + (i < left % dispatches ? 1 : 0));
  return { existing, newDispatchSizes };
}
