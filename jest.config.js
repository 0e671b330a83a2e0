// Test tiers: unit tests sit beside the code; integration and end-to-end tests use the real
// services of the local test bed (action-tests/testbed), which the integration tier brings up.
// ts-jest only transpiles, file by file: tsconfig.json sets isolatedModules, which ts-jest 29
// reads as its transpile-only mode (no type checking; `npm run typecheck` does that in CI).
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  // The test bed's state (etcd's own *.snap files, venvs, logs) is no source: outside jest's map,
  // or jest reads etcd snapshots as obsolete test snapshots and fails the run.
  modulePathIgnorePatterns: ['<rootDir>/action-tests/testbed/\\.state/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  transform,
};

export default {
  // Integration and end-to-end tests wait on real services; unit tests finish long before this.
  testTimeout: 180_000,
  // Jest's default on 2 cores is one worker. Test files are isolated from each other (each takes
  // its own temp dirs, ports, MLflow model names, Kubernetes namespaces through
  // action-tests/testbed/test-namespace.ts, fake GitHub and package index servers), and the
  // integration and e2e files mostly wait on those services, so more workers than cores pay off.
  // `--maxWorkers` (or `-i`) on the command line overrides it.
  maxWorkers: 3,
  testSequencer: '<rootDir>/scripts/jest-sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{shared,cli,actions,bench,scripts}/**/*.test.ts',
        '<rootDir>/action-tests/github-server/**/*.test.ts',
        // The test bed's pure logic (Corefile, shell quoting, ...); smoke/ is the integration tier.
        '<rootDir>/action-tests/testbed/*.test.ts',
        '<rootDir>/action-tests/testbed/{network,nodes}/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/action-tests/testbed/smoke/**/*.test.ts',
        '<rootDir>/action-tests/integration/**/*.test.ts',
      ],
      // Brings the test bed up (idempotent, fast when warm); a component that fails fails the run.
      globalSetup: '<rootDir>/action-tests/testbed/global-setup.ts',
      globalTeardown: '<rootDir>/action-tests/testbed/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/action-tests/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/action-tests/testbed/global-setup.ts',
      globalTeardown: '<rootDir>/action-tests/testbed/global-teardown.ts',
    },
  ],
};
