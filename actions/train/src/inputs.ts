import { ConfigurationError } from '../../../shared/errors/index.js';
import { type ParamValue, parseParamAssignment } from '../../../shared/train/job.js';
import { booleanInput, optionalInput } from '../../lib/inputs.js';

export interface TrainInputs {
  project?: string;
  workspace: string;
  backend: string;
  params: Record<string, ParamValue>;
  register?: boolean;
  trackingUri?: string;
  trackingToken?: string;
  kubeconfig?: string;
  venv?: string;
  pendingTimeoutMs: number;
  onCancel: 'delete' | 'detach';
  dryRun: boolean;
  serverDryRun: boolean;
}

/** Every input of the action, read and checked in this one place. */
export function readInputs(): TrainInputs {
  const onCancel = optionalInput('on-cancel') ?? 'delete';
  if (onCancel !== 'delete' && onCancel !== 'detach') {
    throw new ConfigurationError(
      `Input "on-cancel": expected delete or detach, found ${JSON.stringify(onCancel)}.`,
    );
  }
  const pending = Number(optionalInput('pending-timeout') ?? '600');
  if (!Number.isFinite(pending) || pending <= 0) {
    throw new ConfigurationError(
      `Input "pending-timeout": expected a positive number of seconds, found ${JSON.stringify(optionalInput('pending-timeout'))}.`,
    );
  }
  const params: Record<string, ParamValue> = {};
  for (const [index, line] of (optionalInput('params') ?? '').split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      const [key, value] = parseParamAssignment(line.trim());
      params[key] = value;
    } catch (error) {
      throw new ConfigurationError(
        `Input "params", line ${index + 1}: ${(error as Error).message}.`,
      );
    }
  }
  const register = optionalInput('register');
  return {
    project: optionalInput('project'),
    workspace: optionalInput('workspace') ?? '.',
    backend: optionalInput('backend') ?? 'local',
    params,
    register: register === undefined ? undefined : booleanInput('register', false),
    trackingUri: optionalInput('tracking-uri'),
    trackingToken: optionalInput('tracking-token'),
    kubeconfig: optionalInput('kubeconfig'),
    venv: optionalInput('venv'),
    pendingTimeoutMs: pending * 1000,
    onCancel,
    dryRun: booleanInput('dry-run', false),
    serverDryRun: booleanInput('server-dry-run', false),
  };
}
