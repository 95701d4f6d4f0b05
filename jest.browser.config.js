/**
 * Browser tests (npm run test:browser): Playwright drives Debian's Chromium (/usr/bin/chromium,
 * installed by .ci/run from apt; no browser download). Kept out of `npm test` so a machine without
 * Chromium can still run the main suite.
 */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.browser.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
  testTimeout: 120_000,
};
