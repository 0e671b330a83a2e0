import type { Wording } from './option.js';

/**
 * The composite actions chain the others and hand their inputs on: each input takes the default
 * and, unless worded here, the description of the input it is handed to (the first, where it
 * goes to several). scripts/options.ts reads which from the composite's steps.
 */
export const COMPOSITE_WORDING: Readonly<
  Record<string, Readonly<Record<string, Partial<Wording>>>>
> = {
  ci: {
    project: {
      description: 'project name or directory to install into the environment and check',
      defaultText: 'none installed and every project of the workspace checked',
    },
  },
  'gpu-ci': {
    project: {
      description: 'project name or directory to install into the environment and GPU-test',
      defaultText: 'the only project of the workspace (then nothing is installed)',
    },
    cuda: { description: 'CUDA variant the doctor checks the driver against, e.g. 12.8 or cpu' },
    'require-gpu': { details: 'With false the GPU tests pass with status skipped.' },
  },
};
