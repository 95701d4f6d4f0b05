/**
 * The read-replica suite (npm run test:replica): needs TEST_DATABASE_URL and a streaming replica of
 * that server on 127.0.0.1:5433 (scripts/replica.sh, which .ci/run calls). One file at a time: it
 * pauses, stops and promotes the replica.
 */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/replica/**/*.replica.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
  testTimeout: 120_000,
};
