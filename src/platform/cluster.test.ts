import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { workerExecArgv } from './cluster.js';

describe("a cluster worker's heap limit", () => {
  it('adds the configured old-space limit to the primary flags', () => {
    expect(workerExecArgv(['--import', 'tsx'], 384, '')).toEqual(['--import', 'tsx', '--max-old-space-size=384']);
  });

  it('leaves V8 its own limit at 0, and a limit given on the command line or in NODE_OPTIONS wins', () => {
    expect(workerExecArgv(['--import', 'tsx'], 0, '')).toEqual(['--import', 'tsx']);
    expect(workerExecArgv(['--max-old-space-size=1024'], 384, '')).toEqual(['--max-old-space-size=1024']);
    expect(workerExecArgv([], 384, '--max-old-space-size=2048')).toEqual([]);
  });

  it("defaults to V8's own limit and refuses what is not a non-negative integer", () => {
    expect(loadConfig({}).workerHeapMiB).toBe(0);
    expect(loadConfig({ SILKGATE_WORKER_HEAP_MIB: '384' }).workerHeapMiB).toBe(384);
    expect(() => loadConfig({ SILKGATE_WORKER_HEAP_MIB: '-1' })).toThrow(/SILKGATE_WORKER_HEAP_MIB must be a non-negative integer/);
    expect(() => loadConfig({ SILKGATE_WORKER_HEAP_MIB: 'big' })).toThrow(/SILKGATE_WORKER_HEAP_MIB/);
  });
});
