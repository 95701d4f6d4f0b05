import type { Config } from '../../platform/config.js';

export type HubConfig = Pick<
  Config,
  'hubWeightToleranceGrams' | 'hubWeightTolerancePercent' | 'receptacleMaxWeightGrams' | 'hubDwellThresholdsHours' | 'hubDwellCheckEvery'
>;

export const DEFAULT_HUB_CONFIG: HubConfig = {
  hubWeightToleranceGrams: 50,
  hubWeightTolerancePercent: 10,
  receptacleMaxWeightGrams: 30_000,
  hubDwellThresholdsHours: [24, 48, 72],
  hubDwellCheckEvery: '15 minutes',
};
