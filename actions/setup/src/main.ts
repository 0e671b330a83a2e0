import os from 'node:os';
import path from 'node:path';
import { selectProject } from '../../../shared/config/select-project.js';
import { SETUP_OPTIONS } from '../../../shared/options/setup.js';
import { readInputs } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { addPath, exportVariable, jobSummary, setOutput } from '../../lib/runner.js';
import { openWorkspace } from '../../lib/workspace.js';
import { restoreEnvironment, saveEnvironment } from './cache.js';

export async function run(): Promise<void> {
  await runAction('setup', async (logger) => {
    const inputs = readInputs(SETUP_OPTIONS);
    const workspace = await openWorkspace(
      inputs.workspace,
      logger,
      `Setting up the shared environment${inputs.project ? ` for ${inputs.project}` : ''}`,
    );
    const project = inputs.project ? selectProject(workspace, inputs.project) : undefined;
    const { environmentBuilt, lockHash } = await import('../../../shared/environment/index.js');
    const { setupEnvironment } = await import('../../../shared/environment/setup.js');
    const hash = await lockHash(workspace);
    const venv = path.join(workspace.root, '.mlenv', 'venvs', hash);
    const key = `mlenv-venv-${os.platform()}-${os.arch()}-py${workspace.config.environment.python}-${hash}`;

    let restored = false;
    if (inputs.cache && !(await environmentBuilt(workspace)))
      restored = await restoreEnvironment(venv, key, logger);
    const result = await setupEnvironment({
      workspace,
      project,
      logger,
      staleLock: inputs.allowStaleLock ? 'warn' : 'fail',
    });
    if (inputs.cache && !restored && !result.cacheHit)
      await saveEnvironment(result.environment.venv, key, logger);

    const cacheHit = restored || result.cacheHit;
    setOutput('venv', result.environment.venv);
    setOutput('python', result.environment.python);
    setOutput('lock-hash', hash);
    setOutput('cache-hit', String(cacheHit));
    exportVariable('MLENV_VENV', result.environment.venv);
    addPath(result.environment.bin);
    await (await jobSummary())
      .addHeading('MLEnv: environment', 3)
      .addTable([
        [
          { data: 'Lock hash', header: true },
          { data: 'Python', header: true },
          { data: 'CUDA', header: true },
          { data: 'Cache', header: true },
          { data: 'Project', header: true },
        ],
        [
          hash,
          workspace.config.environment.python,
          workspace.config.environment.cuda,
          cacheHit ? 'hit' : 'miss (built)',
          project ? `${project.name}${result.projectInstalled ? ' (installed)' : ''}` : '-',
        ],
      ])
      .write();
  });
}
