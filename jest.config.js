// SWC through next/jest: no ts-jest, so TypeScript's version never blocks `npm ci`.
const nextJest = require('next/jest');

const createJestConfig = nextJest({ dir: './' });

module.exports = createJestConfig({
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/helpers/'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
});
