import { describe, expect, it } from '@jest/globals';
import { trainSchema } from '../../../config/schema.js';
import { launcherArgv } from './launcher-argv.js';

const train = (extra: Record<string, unknown>) =>
  trainSchema.parse({ command: ['python', 'train.py'], ...extra });

describe('launcherArgv', () => {
  it('runs a single process as written', () => {
    expect(
      launcherArgv({ command: ['python', 'train.py', '--epochs', '1'], train: train({}) }),
    ).toEqual(['python', 'train.py', '--epochs', '1']);
  });

  it('starts several processes with torchrun from the same python', () => {
    const t = train({ distributed: 'torchrun', procsPerNode: 2 });
    expect(launcherArgv({ command: ['python', 'train.py'], train: t })).toEqual([
      'python',
      '-m',
      'torch.distributed.run',
      '--standalone',
      '--nnodes=1',
      '--nproc-per-node=2',
      '--tee=3',
      'train.py',
    ]);
  });

  it('uses torchrun --no-python for a command that is not python', () => {
    const t = train({ distributed: 'torchrun', procsPerNode: 2, command: ['bash', 'run.sh'] });
    expect(launcherArgv({ command: ['bash', 'run.sh'], train: t })).toEqual([
      'torchrun',
      '--standalone',
      '--nnodes=1',
      '--nproc-per-node=2',
      '--tee=3',
      '--no-python',
      'bash',
      'run.sh',
    ]);
  });

  it('maps precision for accelerate', () => {
    const t = train({ distributed: 'accelerate', procsPerNode: 2, precision: 'bf16' });
    expect(launcherArgv({ command: ['python', 'train.py'], train: t })).toEqual([
      'accelerate',
      'launch',
      '--num_processes=2',
      '--num_machines=1',
      '--mixed_precision=bf16',
      'train.py',
    ]);
  });
});
