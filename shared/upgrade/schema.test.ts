import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { formatDiagnostic } from '../config/diagnostics.js';
import { validateDocument } from '../config/validate-document.js';
import { parseYamlSource } from '../config/yaml-source.js';
import {
  cronProblem,
  DEFAULT_UPGRADE_POLICY,
  parseHold,
  type UpgradePolicy,
  upgradeSchema,
} from './schema.js';

// As it will sit in the workspace schema, so paths and positions read as users see them.
const document = z.strictObject({ upgrade: upgradeSchema.optional() });

function validate(yaml: string): { policy?: UpgradePolicy; errors: string[] } {
  const result = validateDocument(parseYamlSource('mlenv.yaml', yaml), document);
  return result.ok
    ? { policy: result.value.upgrade, errors: [] }
    : { errors: result.diagnostics.map(formatDiagnostic) };
}

describe('upgradeSchema', () => {
  it('fills every default', () => {
    expect(DEFAULT_UPGRADE_POLICY).toEqual({
      schedule: '0 4 * * 1',
      allow: 'minor',
      hold: [],
      groups: [],
      onConflict: 'draft',
      labels: ['mlenv-upgrade'],
    });
    expect(validate('upgrade: {}\n').policy).toEqual(DEFAULT_UPGRADE_POLICY);
  });

  it('reads the documented example', () => {
    const { policy, errors } = validate(
      [
        'upgrade:',
        '  schedule: "0 4 * * 1"',
        '  allow: minor',
        '  hold: ["numpy", "mlflow<4"]',
        '  groups:',
        '    - name: pytorch',
        '      packages: [torch, torchvision, torchaudio]',
        '      cuda: "13.0"',
        '    - name: python',
        '      python: "3.12"',
        '  onConflict: draft',
        '  labels: [mlenv-upgrade, gpu-tests]',
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(policy?.groups).toEqual([
      { name: 'pytorch', packages: ['torch', 'torchvision', 'torchaudio'], cuda: '13.0' },
      { name: 'python', packages: [], python: '3.12' },
    ]);
    expect(policy?.labels).toEqual(['mlenv-upgrade', 'gpu-tests']);
  });

  it('positions each mistake at its key', () => {
    const { errors } = validate(
      [
        'upgrade:',
        '  schedule: "0 4 * *"',
        '  allow: huge',
        '  hold: ["mlflow=<4"]',
        '  onConflict: merge',
        '  labels: [""]',
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([
      'mlenv.yaml:2:13: upgrade.schedule: expected a cron schedule of five fields such as "0 4 * * 1" (minute hour day-of-month month day-of-week), found "0 4 * *"',
      'mlenv.yaml:3:10: upgrade.allow: expected one of "patch", "minor", "major", found "huge"',
      'mlenv.yaml:4:10: upgrade.hold[0]: expected a package name such as "numpy", or a name with a cap such as "mlflow<4", found "mlflow=<4"',
      'mlenv.yaml:5:15: upgrade.onConflict: expected one of "draft", "skip", found "merge"',
      'mlenv.yaml:6:12: upgrade.labels[0]: expected a non-empty GitHub label name, found ""',
    ]);
  });

  it('rejects groups that cannot be a pull request of their own', () => {
    const { errors } = validate(
      [
        'upgrade:',
        '  groups:',
        '    - name: Data Stack',
        '      packages: [numpy]',
        '    - name: empty',
        '    - name: py',
        '      python: "3.12"',
        '      packages: [numpy]',
        '    - name: py',
        '      packages: [scipy, SciPy]',
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([
      'mlenv.yaml:3:13: upgrade.groups[0].name: expected a group name of lowercase letters, digits, ".", "_" and "-" such as "pytorch", found "Data Stack"',
      'mlenv.yaml:5:7: upgrade.groups[1]: expected a group with packages, python or cuda, found a mapping',
      'mlenv.yaml:7:15: upgrade.groups[2].python: expected python in a group of its own, without packages or cuda: a Python change is its own pull request, found "3.12"',
      'mlenv.yaml:8:18: upgrade.groups[2].packages[0]: expected each package in one group only; group "Data Stack" lists it too, found "numpy"',
      'mlenv.yaml:9:13: upgrade.groups[3].name: expected a group name unique in upgrade.groups, found "py"',
      'mlenv.yaml:10:25: upgrade.groups[3].packages[1]: expected each package once in a group, found "SciPy"',
    ]);
  });

  it('keeps the torch family and the CUDA variant together', () => {
    const { errors } = validate(
      [
        'upgrade:',
        '  groups:',
        '    - name: vision',
        '      packages: [pillow, torchvision]',
        '    - name: framework',
        '      packages: [torch]',
        '    - name: cuda',
        '      cuda: "13.0"',
        '    - name: cuda2',
        '      cuda: "12.9"',
        '    - name: python',
        '      python: "3.12"',
        '      cuda: "13.0"',
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([
      'mlenv.yaml:4:26: upgrade.groups[0].packages[1]: expected torch in the same group: each torchvision and torchaudio release is built for one torch release, found "torchvision"',
      'mlenv.yaml:10:13: upgrade.groups[3].cuda: expected one group with cuda; group "cuda" has it, found "12.9"',
      'mlenv.yaml:12:15: upgrade.groups[4].python: expected python in a group of its own, without packages or cuda: a Python change is its own pull request, found "3.12"',
      'mlenv.yaml:13:13: upgrade.groups[4].cuda: expected one group with cuda; group "cuda" has it, found "13.0"',
      'mlenv.yaml:8:13: upgrade.groups[2].cuda: expected cuda on the group that lists torch ("framework"): the CUDA variant is a build of torch, found "13.0"',
    ]);
  });

  it('accepts a CUDA-only group when no group lists torch', () => {
    expect(validate('upgrade:\n  groups:\n    - { name: cuda, cuda: cpu }\n').errors).toEqual([]);
  });

  it('checks versions in groups', () => {
    const { errors } = validate(
      'upgrade:\n  groups:\n    - { name: py, python: 3.10 }\n    - { name: gpu, cuda: "13" }\n',
    );
    expect(errors).toEqual([
      'mlenv.yaml:3:27: upgrade.groups[0].python: expected a quoted Python version such as "3.12", found number 3.10',
      'mlenv.yaml:4:26: upgrade.groups[1].cuda: expected a CUDA variant such as "13.0", or "cpu", found "13"',
    ]);
  });
});

describe('cronProblem', () => {
  it.each([
    '0 4 * * 1',
    '*/15 * * * *',
    '0 4 1,15 * MON-FRI',
    '30 2 * JAN,JUL sun',
    '0 0-23/2 * * 0',
  ])('accepts %s', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });

  it.each([
    ['0 4 * * 1 *', 'five fields'],
    ['60 4 * * 1', 'minute field (field 1) uses *, lists, ranges and steps of 0-59'],
    ['0 24 * * 1', 'hour field'],
    ['0 4 0 * 1', 'day-of-month field'],
    ['0 4 * 13 1', 'month field (field 4) uses *, lists, ranges and steps of 1-12 or JAN-DEC'],
    ['0 4 * * 7', 'day-of-week field (field 5) uses *, lists, ranges and steps of 0-6 or SUN-SAT'],
    ['0 4 * * 5-1', 'day-of-week field'],
    ['*/0 4 * * 1', 'minute field'],
    ['0 4 * * @weekly', 'day-of-week field'],
    ['0 4 ,, * 1', 'day-of-month field'],
  ])('rejects %s', (cron, why) => {
    expect(cronProblem(cron)).toContain(why);
  });
});

describe('parseHold', () => {
  it('reads names and caps', () => {
    expect(parseHold('NumPy')).toEqual({ name: 'numpy' });
    expect(parseHold('mlflow<4')).toEqual({ name: 'mlflow', specifier: '<4' });
    expect(parseHold('torch >= 2.5, < 2.7')).toEqual({ name: 'torch', specifier: '>=2.5,<2.7' });
    expect(parseHold('scikit_learn==1.5.*')).toEqual({
      name: 'scikit-learn',
      specifier: '==1.5.*',
    });
  });

  it('rejects what is neither', () => {
    for (const bad of ['', 'mlflow=<4', 'mlflow 4', 'mlflow<', '<4', 'a,b']) {
      expect(parseHold(bad)).toBeUndefined();
    }
  });
});
