// `npm run test:faults`: only the fault and abuse suite, one file at a time
// (it restarts processes and opens thousands of connections).
const nextJest = require('next/jest');
const { base } = require('./jest.config');

module.exports = nextJest({ dir: './' })({
  ...base,
  testMatch: ['<rootDir>/__tests__/faults/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/helpers/'],
  maxWorkers: 1,
});
