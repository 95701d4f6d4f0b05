import { describe, expect, it } from '@jest/globals';
import { assignToDispatches, planReceptacles, type Candidate } from './plan.js';

const c = (id: string, weightG: number, laneKey = 'RU', dangerousGoods = false, registered = false): Candidate => ({ id, weightG, laneKey, dangerousGoods, registered });

describe('planReceptacles', () => {
  it('never mixes lanes, dangerous goods or registered items', () => {
    const plan = planReceptacles(
      [c('a', 1000), c('b', 1000, 'DE'), c('c', 1000, 'RU', true), c('d', 1000, 'RU', false, true), c('e', 1000), c('f', 1000, 'RU', true)],
      30_000,
    );
    const contents = plan.receptacles.map((r) => [r.laneKey, r.dangerousGoods, r.registered, [...r.items].sort().join('')]);
    expect(contents).toEqual(
      expect.arrayContaining([
        ['RU', false, false, 'ae'],
        ['DE', false, false, 'b'],
        ['RU', true, false, 'cf'],
        ['RU', false, true, 'd'],
      ]),
    );
    expect(plan.receptacles).toHaveLength(4);
  });

  it('keeps every receptacle under the limit and reports oversized parcels', () => {
    const plan = planReceptacles([c('a', 20_000), c('b', 15_000), c('c', 10_000), c('d', 31_000), c('e', 5_000)], 30_000);
    expect(plan.oversized).toEqual(['d']);
    expect(plan.receptacles.map((r) => r.weightG).sort()).toEqual([30_000, 20_000].sort());
    for (const r of plan.receptacles) expect(r.weightG).toBeLessThanOrEqual(30_000);
  });
});

describe('assignToDispatches', () => {
  it('fills the room of open dispatches first, then opens as few new ones as fit, filled evenly', () => {
    expect(assignToDispatches(2500, [{ id: 'x', receptacleCount: 990 }, { id: 'y', receptacleCount: 999 }])).toEqual({
      existing: [{ id: 'x', take: 9 }],
      newDispatchSizes: [831, 830, 830],
    });
  });

  it('never opens a dispatch of more than 999, and one for up to 999', () => {
    for (const count of [1, 998, 999, 1000, 1516, 1998, 1999, 5000]) {
      const { newDispatchSizes } = assignToDispatches(count, []);
      expect(newDispatchSizes.reduce((a, b) => a + b, 0)).toBe(count);
      expect(newDispatchSizes.length).toBe(Math.ceil(count / 999));
      expect(Math.max(...newDispatchSizes) - Math.min(...newDispatchSizes)).toBeLessThanOrEqual(1);
    }
  });

  it('opens nothing for nothing', () => {
    expect(assignToDispatches(0, [{ id: 'x', receptacleCount: 0 }])).toEqual({ existing: [], newDispatchSizes: [] });
  });
});
