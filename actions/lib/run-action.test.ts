import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../shared/errors/index.js';
import { MlflowUnreachableError } from '../../shared/mlflow/client.js';
import { runAction } from './run-action.js';
import { runStep } from './testing/action-fixture.js';

// setFailed writes `::error::` to stdout and sets the exit code: the step's stdout, read back.
async function fail(error: Error): Promise<{ written: string; exitCode: number | undefined }> {
  const step = await runStep('train', () =>
    runAction('train', async () => {
      throw error;
    }),
  );
  return { written: step.stdout, exitCode: step.exitCode };
}

describe('runAction', () => {
  it('fails the step with the action name and the message of a user mistake', async () => {
    const { written, exitCode } = await fail(
      new ConfigurationError('Input "backend": expected local or kubernetes, found k8s'),
    );
    expect(written).toContain(
      '::error::train: Input "backend": expected local or kubernetes, found k8s',
    );
    expect(exitCode).toBe(1);
  });

  it('shows a service that is down as what to act on, not as a bug', async () => {
    const { written } = await fail(
      new MlflowUnreachableError('MLflow at http://127.0.0.1:9 did not answer in 30 s'),
    );
    expect(written).toContain(
      '::error::train: MLflow at http://127.0.0.1:9 did not answer in 30 s',
    );
    expect(written).not.toContain('internal error');
    // The stack goes to the debug log only.
    expect(written).toMatch(/::debug::MlflowUnreachableError: MLflow at/);
  });

  it('keeps the stack of anything else: an internal error', async () => {
    const { written } = await fail(
      new TypeError("Cannot read properties of undefined (reading 'x')"),
    );
    expect(written).toMatch(/::error::train: internal error: TypeError: Cannot read properties/);
    expect(written).toContain('run-action.test.ts');
  });
});
