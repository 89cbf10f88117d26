// SWC through next/jest: no ts-jest, so TypeScript's version never blocks `npm ci`.
const nextJest = require('next/jest');

const createJestConfig = nextJest({ dir: './' });

/** Shared by `npm test` and `npm run test:faults` (jest.faults.config.js). */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
};

module.exports = createJestConfig({
  ...base,
  // The fault suite kills processes and churns thousands of connections: its own command.
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/helpers/', '/__tests__/faults/'],
});
module.exports.base = base;
