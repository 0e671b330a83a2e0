import { jsonOutput, WORKSPACE } from './common.js';
import { text } from './option.js';

/** `mlenv doctor` and the doctor action. */
export const DOCTOR_OPTIONS = {
  workspace: {
    ...WORKSPACE,
    details: 'Without a workspace the environment is taken as CPU-only unless cuda is set.',
  },
  cuda: text({
    description: 'CUDA variant to check against, e.g. 12.8 or cpu',
    defaultText: 'environment.cuda of the workspace, else cpu',
    cli: { placeholder: '<version>' },
  }),
  json: jsonOutput('print the report as JSON'),
} as const;
