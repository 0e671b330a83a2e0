import type { CheckResult, GpuTestResult, SmokeTrainResult } from './result.js';

// Typed results as the legs record them, for the report's tests.

export const SHA = '3f2a9c1d0b8e7f6a5c4d3e2f1a0b9c8d7e6f5a4b';
export const RUN_URL = 'https://github.com/acme/ml/actions/runs/42';

export function checkResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    version: 1,
    stage: 'check',
    project: 'fraud',
    status: 'passed',
    lint: 0,
    unformatted: 0,
    tests: { passed: 42, failed: 0, skipped: 1 },
    sha: SHA,
    runUrl: RUN_URL,
    ...overrides,
  };
}

export function gpuTestResult(overrides: Partial<GpuTestResult> = {}): GpuTestResult {
  return {
    version: 1,
    stage: 'gpu-test',
    project: 'fraud',
    status: 'passed',
    tests: { passed: 12, failed: 0, skipped: 0 },
    gpus: 2,
    sha: SHA,
    runUrl: RUN_URL,
    ...overrides,
  };
}

export function smokeTrainResult(overrides: Partial<SmokeTrainResult> = {}): SmokeTrainResult {
  return {
    version: 1,
    stage: 'smoke-train',
    project: 'fraud',
    status: 'passed',
    run: { id: 'a1b2c3d4e5f60718', url: 'http://mlflow.internal:5000/#/experiments/1/runs/a1b2' },
    metrics: { val_auc: 0.71, val_loss: 0.52, epoch: 1 },
    model: 'fraud-detector',
    trackingUri: 'http://mlflow.internal:5000',
    sha: SHA,
    runUrl: RUN_URL,
    ...overrides,
  };
}
