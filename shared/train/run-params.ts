import path from 'node:path';
import { nodeCommand } from './backends/kubernetes/render.js';
import { launcherArgv } from './backends/local/launcher-argv.js';
import type { ParamValue, TrainingJob } from './job.js';

/**
 * Names of the params the launcher adds beside `train.params`. The `mlenv.` prefix keeps them
 * apart from any trainer option (a `train.params` key is an option name, so never holds a dot in
 * practice), and matches the `mlenv.*` tags of the same run.
 */
export const RUN_PARAM_KEYS = {
  precision: 'mlenv.precision',
  worldSize: 'mlenv.world_size',
  launcher: 'mlenv.launcher',
} as const;

/**
 * The MLflow params of a run, logged by the launcher once, when it creates the run: the params
 * the trainer gets (`train.params` with the overrides, under their own names, as `--key value`
 * passes them), the precision asked for, the world size and the program that starts the trainer
 * (python, torchrun, accelerate, deepspeed, or the command's own program). A trainer therefore
 * logs none of these itself, and a retried attempt in the same run cannot log different values.
 *
 * `backend` decides how the launcher is resolved: on a cluster DeepSpeed runs under torchrun.
 */
export function runStartParams(
  job: Pick<TrainingJob, 'command' | 'train' | 'env'>,
  backend = 'local',
): Record<string, string> {
  const { train } = job;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(trainerParams(job))) params[key] = String(value);
  params[RUN_PARAM_KEYS.precision] = train.precision;
  params[RUN_PARAM_KEYS.worldSize] = String(train.nodes * train.procsPerNode);
  params[RUN_PARAM_KEYS.launcher] = launcherName(
    backend === 'kubernetes' ? nodeCommand(job, { nodes: train.nodes }) : launcherArgv(job),
  );
  return params;
}

/** What the trainer was given: MLENV_PARAMS, which holds train.params with the overrides. */
function trainerParams(
  job: Pick<TrainingJob, 'train' | 'env'>,
): Readonly<Record<string, ParamValue>> {
  const given = job.env.MLENV_PARAMS;
  if (given === undefined) return job.train.params;
  const parsed: unknown = JSON.parse(given);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`MLENV_PARAMS is not a JSON object: ${given.slice(0, 200)}`);
  return parsed as Record<string, ParamValue>;
}

/** The program an argv starts, naming `python -m torch.distributed.run` as torchrun. */
function launcherName(argv: readonly string[]): string {
  const program = path.basename(argv[0] ?? '');
  if (/^python(\d+(\.\d+)?)?$/.test(program))
    return argv[1] === '-m' && argv[2] === 'torch.distributed.run' ? 'torchrun' : 'python';
  return program;
}
