// Test tiers: unit tests sit beside the code; integration and end-to-end tests use the real
// services of the local test bed (action-tests/testbed), which the integration tier brings up.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  transform,
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{shared,cli,actions,bench,scripts}/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/action-tests/e2e/**/*.test.ts'],
      testTimeout: 120_000,
    },
  ],
};
