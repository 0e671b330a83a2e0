import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ConfigurationError } from '../../shared/errors/index.js';
import { MlflowUnreachableError } from '../../shared/mlflow/client.js';
import { runAction } from './run-action.js';

// core.setFailed writes `::error::` to stdout and sets the exit code; read both.
let written: string;
let spy: ReturnType<typeof jest.spyOn>;

beforeEach(() => {
  written = '';
  spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written += String(chunk);
    return true;
  });
});

afterEach(() => {
  spy.mockRestore();
  process.exitCode = undefined;
});

function fail(error: Error): Promise<void> {
  return runAction('train', async () => {
    throw error;
  });
}

describe('runAction', () => {
  it('fails the step with the action name and the message of a user mistake', async () => {
    await fail(new ConfigurationError('Input "backend": expected local or kubernetes, found k8s'));
    expect(written).toContain(
      '::error::train: Input "backend": expected local or kubernetes, found k8s',
    );
    expect(process.exitCode).toBe(1);
  });

  it('shows a service that is down as what to act on, not as a bug', async () => {
    await fail(new MlflowUnreachableError('MLflow at http://127.0.0.1:9 did not answer in 30 s'));
    expect(written).toContain(
      '::error::train: MLflow at http://127.0.0.1:9 did not answer in 30 s',
    );
    expect(written).not.toContain('internal error');
    // The stack goes to the debug log only.
    expect(written).toMatch(/::debug::MlflowUnreachableError: MLflow at/);
  });

  it('keeps the stack of anything else: an internal error', async () => {
    await fail(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(written).toMatch(/::error::train: internal error: TypeError: Cannot read properties/);
    expect(written).toContain('run-action.test.ts');
  });
});
