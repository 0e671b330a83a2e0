import path from 'node:path';
import type { TrainingJob } from '../../job.js';

/**
 * The argv that runs the trainer on this machine. With several processes, torchrun starts them
 * (gloo on CPU); its `--tee` prefixes each line with the rank so interleaved output stays readable.
 */
export function launcherArgv(
  job: Pick<TrainingJob, 'command' | 'train'>,
  configs: { accelerate?: string } = {},
): string[] {
  const { command, train } = job;
  const processes = train.nodes * train.procsPerNode;
  if (train.distributed === 'none' || (processes === 1 && train.distributed !== 'torchrun'))
    return [...command];
  if (train.distributed === 'torchrun') {
    const torchrun = ['--standalone', '--nnodes=1', `--nproc-per-node=${processes}`, '--tee=3'];
    return isPython(command[0])
      ? [command[0] as string, '-m', 'torch.distributed.run', ...torchrun, ...command.slice(1)]
      : ['torchrun', ...torchrun, '--no-python', ...command];
  }
  if (train.distributed === 'accelerate') {
    const mixed = train.precision === 'fp32' ? 'no' : train.precision;
    const script = isPython(command[0]) ? command.slice(1) : command;
    return [
      'accelerate',
      'launch',
      ...(configs.accelerate ? [`--config_file=${configs.accelerate}`] : []),
      `--num_processes=${processes}`,
      '--num_machines=1',
      `--mixed_precision=${mixed}`,
      ...(isPython(command[0]) ? [] : ['--no_python']),
      ...script,
    ];
  }
  // deepspeed
  const script = isPython(command[0]) ? command.slice(1) : command;
  return [
    'deepspeed',
    `--num_gpus=${processes}`,
    ...(isPython(command[0]) ? [] : ['--no_python']),
    ...script,
  ];
}

function isPython(program: string | undefined): boolean {
  return program !== undefined && /^python(\d+(\.\d+)?)?$/.test(path.basename(program));
}
