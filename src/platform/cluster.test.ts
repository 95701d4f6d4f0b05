import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { workerExecArgv } from './cluster.js';

describe("a cluster worker's heap settings", () => {
  it('adds the configured old-space limit and growth to the primary flags', () => {
    expect(workerExecArgv(['--import', 'tsx'], { mib: 384, growthPercent: 0 }, '')).toEqual(['--import', 'tsx', '--max-old-space-size=384']);
    expect(workerExecArgv(['--import', 'tsx'], { mib: 0, growthPercent: 50 }, '')).toEqual(['--import', 'tsx', '--heap-growing-percent=50']);
  });

  it("leaves V8 its own at 0, and a flag given on the command line or in NODE_OPTIONS wins", () => {
    expect(workerExecArgv(['--import', 'tsx'], { mib: 0, growthPercent: 0 }, '')).toEqual(['--import', 'tsx']);
    expect(workerExecArgv(['--max-old-space-size=1024'], { mib: 384, growthPercent: 50 }, '')).toEqual(['--max-old-space-size=1024', '--heap-growing-percent=50']);
    expect(workerExecArgv([], { mib: 384, growthPercent: 50 }, '--max-old-space-size=2048 --heap-growing-percent=100')).toEqual([]);
  });

  it("defaults to V8's own limit and a growth of 75 %, and refuses what is not a non-negative integer", () => {
    expect(loadConfig({}).workerHeapMiB).toBe(0);
    expect(loadConfig({}).workerHeapGrowthPercent).toBe(75);
    expect(loadConfig({ SILKGATE_WORKER_HEAP_MIB: '384' }).workerHeapMiB).toBe(384);
    expect(loadConfig({ SILKGATE_WORKER_HEAP_GROWTH_PERCENT: '0' }).workerHeapGrowthPercent).toBe(0);
    expect(() => loadConfig({ SILKGATE_WORKER_HEAP_MIB: '-1' })).toThrow(/SILKGATE_WORKER_HEAP_MIB must be a non-negative integer/);
    expect(() => loadConfig({ SILKGATE_WORKER_HEAP_MIB: 'big' })).toThrow(/SILKGATE_WORKER_HEAP_MIB/);
    expect(() => loadConfig({ SILKGATE_WORKER_HEAP_GROWTH_PERCENT: 'half' })).toThrow(/SILKGATE_WORKER_HEAP_GROWTH_PERCENT/);
  });
});
