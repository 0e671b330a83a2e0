import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { selectProject } from '../../../shared/config/select-project.js';
import { findWorkspaceRoot, loadWorkspace } from '../../../shared/config/workspace.js';
import { environmentBuilt, lockHash } from '../../../shared/environment/index.js';
import { setupEnvironment } from '../../../shared/environment/setup.js';
import { booleanInput, optionalInput } from '../../lib/inputs.js';
import { runAction } from '../../lib/run-action.js';
import { restoreEnvironment, saveEnvironment } from './cache.js';

export async function run(): Promise<void> {
  await runAction('setup', async (logger) => {
    const inputs = {
      workspace: optionalInput('workspace') ?? '.',
      project: optionalInput('project'),
      cache: booleanInput('cache', true),
      staleLock: booleanInput('allow-stale-lock', false) ? ('warn' as const) : ('fail' as const),
    };
    const workspace = await loadWorkspace(await findWorkspaceRoot(inputs.workspace));
    const project = inputs.project ? selectProject(workspace, inputs.project) : undefined;
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
      staleLock: inputs.staleLock,
    });
    if (inputs.cache && !restored && !result.cacheHit)
      await saveEnvironment(result.environment.venv, key, logger);

    const cacheHit = restored || result.cacheHit;
    core.setOutput('venv', result.environment.venv);
    core.setOutput('python', result.environment.python);
    core.setOutput('lock-hash', hash);
    core.setOutput('cache-hit', String(cacheHit));
    core.exportVariable('MLENV_VENV', result.environment.venv);
    core.addPath(result.environment.bin);
    await core.summary
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
