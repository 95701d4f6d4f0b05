import os from 'node:os';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';

const SERVER = { DATABASE_URL: 'postgres://silkgate@db.example/silkgate' };

describe('SILKGATE_WORKERS', () => {
  it('is 1 unless set, on either store', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ ...SERVER, SILKGATE_WORKERS: '' }).workers).toBe(1);
    expect(loadConfig({ SILKGATE_WORKERS: '1' }).workers).toBe(1);
  });

  it('takes a positive count, or auto for one per core, with DATABASE_URL', () => {
    expect(loadConfig({ ...SERVER, SILKGATE_WORKERS: '3' }).workers).toBe(3);
    expect(loadConfig({ ...SERVER, SILKGATE_WORKERS: 'auto' }).workers).toBe(os.availableParallelism());
  });

  it.each(['0', '-1', 'x', '1.5'])('refuses %p', (raw) => {
    expect(() => loadConfig({ ...SERVER, SILKGATE_WORKERS: raw })).toThrow(`SILKGATE_WORKERS must be a positive integer or auto, got "${raw}"`);
  });

  it('refuses more than one process on the embedded PGlite instead of falling back to one', () => {
    expect(() => loadConfig({ SILKGATE_WORKERS: '3' })).toThrow('SILKGATE_WORKERS=3 (3 processes) needs DATABASE_URL');
  });
});

describe('SILKGATE_DEMO', () => {
  it('loads the public demo keys on a server database only when asked for explicitly', () => {
    expect(loadConfig(SERVER).seedDemo).toBe(false);
    expect(loadConfig({ ...SERVER, SILKGATE_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('is on by default for the embedded PGlite sandbox, and can be turned off', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ SILKGATE_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('refuses anything but true or false', () => {
    expect(() => loadConfig({ ...SERVER, SILKGATE_DEMO: 'yes' })).toThrow('SILKGATE_DEMO must be true or false, got "yes"');
  });
});
