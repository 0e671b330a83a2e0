import { describe, expect, it } from '@jest/globals';
import { createMemoryLogger } from '../../logger/index.js';
import { parseRequirementsFile } from '../apply/requirements.js';
import type { PackageIndex, Release } from '../index/package-index.js';
import { compareVersions } from '../index/pep440.js';
import { type UpgradePolicyInput, upgradeSchema } from '../schema.js';
import { type PlanEnvironment, planUpgrades, type UpgradePlan } from './plan-upgrades.js';

interface FakeRelease {
  version: string;
  yanked?: boolean;
  requiresPython?: string;
  /** Wheel python-abi tags such as "cp311-cp311"; default one py3-none-any wheel. */
  wheels?: string[];
  /** Requires-Dist lines. */
  requires?: string[];
}

/** An in-memory index that also records what was asked, to check the plan reads metadata. */
function fakeIndex(packages: Record<string, (FakeRelease | string)[]>): PackageIndex & {
  asked: string[];
} {
  const asked: string[] = [];
  const releases = new Map<string, Release[]>();
  const requires = new Map<string, string[]>();
  for (const [name, list] of Object.entries(packages)) {
    const full = list.map((r) => (typeof r === 'string' ? { version: r } : r));
    releases.set(
      name,
      full
        .map((r) => ({
          version: r.version,
          yanked: r.yanked ?? false,
          files: (r.wheels ?? ['py3-none']).map((tags) => ({
            filename: `${name}-${r.version}-${tags}-${tags.endsWith('none') ? 'any' : 'linux_x86_64'}.whl`,
            url: `https://files.example/${name}/${r.version}/${tags}.whl`,
            yanked: r.yanked ?? false,
            hashes: {},
            coreMetadata: true,
            ...(r.requiresPython ? { requiresPython: r.requiresPython } : {}),
          })),
        }))
        .sort((a, b) => compareVersions(a.version, b.version)),
    );
    for (const r of full) requires.set(`${name}==${r.version}`, r.requires ?? []);
  }
  return {
    asked,
    async releases(name) {
      asked.push(`releases ${name}`);
      return releases.get(name) ?? [];
    },
    async requiresDist(name, version) {
      asked.push(`requiresDist ${name}==${version}`);
      const found = requires.get(`${name}==${version}`);
      if (!found) throw new Error(`no release ${name}==${version}`);
      return found;
    },
  };
}

const ENV: PlanEnvironment = { python: '3.11', cuda: '12.8' };

async function plan(
  requirements: string,
  index: PackageIndex,
  policy: UpgradePolicyInput = {},
  environment: PlanEnvironment = ENV,
  indexForVariant?: (env: PlanEnvironment) => PackageIndex,
): Promise<UpgradePlan> {
  return planUpgrades({
    requirements: parseRequirementsFile(requirements, 'environment/requirements.in'),
    environment,
    policy: upgradeSchema.parse(policy),
    index,
    ...(indexForVariant ? { indexForVariant } : {}),
    logger: createMemoryLogger(),
  });
}

const NUMPY = ['1.26.0', '1.26.4', '1.27.0', '2.0.0', '2.1.0rc1'];

describe('planUpgrades: versions', () => {
  it('proposes the newest release within upgrade.allow', async () => {
    const index = fakeIndex({ numpy: NUMPY });
    const byAllow = async (allow: 'patch' | 'minor' | 'major') =>
      (await plan('numpy==1.26.0\n', index, { allow })).groups;
    expect(await byAllow('patch')).toEqual([
      {
        group: 'numpy',
        changes: [{ name: 'numpy', from: '1.26.0', to: '1.26.4', bump: 'patch' }],
        notes: [],
      },
    ]);
    expect((await byAllow('minor'))[0]?.changes).toEqual([
      { name: 'numpy', from: '1.26.0', to: '1.27.0', bump: 'minor' },
    ]);
    expect((await byAllow('major'))[0]?.changes).toEqual([
      { name: 'numpy', from: '1.26.0', to: '2.0.0', bump: 'major' },
    ]);
  });

  it('says which newer release upgrade.allow held back', async () => {
    const result = await plan('numpy==1.26.0\n', fakeIndex({ numpy: NUMPY }), { allow: 'patch' });
    expect(result.held).toEqual([
      { name: 'numpy', reason: '2.0.0 is a major upgrade; upgrade.allow is patch' },
    ]);
  });

  it('holds a named package and caps a package with a specifier', async () => {
    const index = fakeIndex({ numpy: NUMPY, mlflow: ['3.1.0', '3.4.2', '4.0.0'] });
    const result = await plan('numpy==1.26.0\nMLflow==3.1.0\n', index, {
      allow: 'major',
      hold: ['numpy', 'mlflow<4'],
    });
    expect(result.groups).toEqual([
      {
        group: 'mlflow',
        changes: [{ name: 'MLflow', from: '3.1.0', to: '3.4.2', bump: 'minor' }],
        notes: [],
      },
    ]);
    expect(result.upToDate).toEqual(['numpy']);
    expect(result.held).toEqual([
      { name: 'numpy', reason: 'held by upgrade.hold' },
      { name: 'mlflow', reason: '4.0.0 is out; upgrade.hold caps it at <4' },
    ]);
  });

  it('skips pre-releases unless the pin is one', async () => {
    const index = fakeIndex({
      numpy: ['2.0.0', '2.0.1rc1', '2.1.0.dev3'],
      jax: ['0.5.0b1', '0.5.0b2', '0.5.0', '0.5.1rc1'],
    });
    const result = await plan('numpy==2.0.0\njax==0.5.0b1\n', index);
    expect(result.upToDate).toEqual(['numpy']);
    expect(result.groups.map((g) => g.changes)).toEqual([
      [{ name: 'jax', from: '0.5.0b1', to: '0.5.1rc1', bump: 'patch' }],
    ]);
  });

  it('skips yanked releases', async () => {
    const index = fakeIndex({
      numpy: ['1.26.0', '1.26.3', { version: '1.26.4', yanked: true }],
    });
    const result = await plan('numpy==1.26.0\n', index, { allow: 'patch' });
    expect(result.groups[0]?.changes).toEqual([
      { name: 'numpy', from: '1.26.0', to: '1.26.3', bump: 'patch' },
    ]);
  });

  it("skips releases without a file for the workspace's Python, and says why", async () => {
    const index = fakeIndex({
      numpy: [
        '2.0.0',
        { version: '2.1.0', requiresPython: '>=3.10' },
        { version: '2.2.0', requiresPython: '>=3.10', wheels: ['cp310-cp310', 'cp311-cp311'] },
        { version: '2.3.0', requiresPython: '>=3.11', wheels: ['cp311-cp311', 'cp312-cp312'] },
      ],
      orjson: [
        '3.10.0',
        // abi3 wheels built for 3.8 load on every later CPython.
        { version: '3.11.0', wheels: ['cp38-abi3'] },
      ],
    });
    const result = await plan(
      'numpy==2.0.0\norjson==3.10.0\n',
      index,
      {},
      { ...ENV, python: '3.10' },
    );
    expect(result.groups).toEqual([
      {
        group: 'numpy',
        changes: [{ name: 'numpy', from: '2.0.0', to: '2.2.0', bump: 'minor' }],
        notes: ['numpy 2.3.0 skipped: no file for Python 3.10 (requires-python >=3.11)'],
      },
      {
        group: 'orjson',
        changes: [{ name: 'orjson', from: '3.10.0', to: '3.11.0', bump: 'minor' }],
        notes: [],
      },
    ]);
    const tagged = await plan('numpy==2.0.0\n', index, {}, { ...ENV, python: '3.13' });
    expect(tagged.groups[0]?.notes).toEqual([
      'numpy 2.3.0 skipped: no file for Python 3.13 (wheels only for cp311, cp312)',
      'numpy 2.2.0 skipped: no file for Python 3.13 (wheels only for cp310, cp311)',
    ]);
    expect(tagged.groups[0]?.changes[0]?.to).toBe('2.1.0');
  });

  it('only moves exact pins, and not packages pinned on several lines', async () => {
    const index = fakeIndex({
      numpy: NUMPY,
      scipy: ['1.13.0', '1.14.0'],
      rich: ['13.0.0', '14.0.0'],
    });
    const result = await plan(
      [
        'numpy==1.26.0; python_version < "3.12"',
        'numpy==2.0.0; python_version >= "3.12"',
        'scipy>=1.13',
        'rich==13.*',
        '',
      ].join('\n'),
      index,
      { groups: [{ name: 'science', packages: ['scipy', 'rich', 'pandas'] }] },
    );
    expect(result.groups).toEqual([]);
    expect(result.upToDate).toEqual(['science']);
    expect(result.held).toEqual([
      {
        name: 'numpy',
        reason: 'written on 2 lines of environment/requirements.in (1, 2): upgrade it by hand',
      },
    ]);
    expect(index.asked).toEqual([]);
  });

  it('reports nothing to do when everything is newest', async () => {
    const index = fakeIndex({
      numpy: ['1.26.4'],
      torch: ['2.5.1'],
      torchvision: [{ version: '0.20.1', requires: ['torch==2.5.1'] }],
    });
    const result = await plan('torchvision==0.20.1\nnumpy==1.26.4\ntorch==2.5.1\n', index);
    expect(result).toEqual({ groups: [], upToDate: ['pytorch', 'numpy'], held: [] });
  });
});

const TORCH = {
  torch: ['2.5.1', '2.6.0', '2.7.0', '3.0.0'],
  torchvision: [
    { version: '0.20.1', requires: ['numpy', 'torch==2.5.1', 'pillow!=8.3.*,>=5.3.0'] },
    { version: '0.21.0', requires: ['numpy', 'torch==2.6.0'] },
    { version: '0.22.0', requires: ['torch==2.7.0', 'scipy; extra == "scipy"'] },
  ],
  torchaudio: [
    { version: '2.5.1', requires: ['torch==2.5.1'] },
    { version: '2.6.0', requires: ['torch (==2.6.0)'] },
    { version: '2.7.0', requires: ['torch==2.7.0'] },
  ],
};

describe('planUpgrades: the torch family', () => {
  it('moves torch with the companion releases built for it, read from their metadata', async () => {
    const index = fakeIndex(TORCH);
    const result = await plan(
      'torch==2.5.1\nnumpy==1.26.4\ntorchvision==0.20.1\ntorchaudio==2.5.1\n',
      index,
    );
    expect(result.groups).toEqual([
      {
        group: 'pytorch',
        changes: [
          { name: 'torch', from: '2.5.1', to: '2.7.0', bump: 'minor' },
          { name: 'torchvision', from: '0.20.1', to: '0.22.0', bump: 'minor' },
          { name: 'torchaudio', from: '2.5.1', to: '2.7.0', bump: 'minor' },
        ],
        notes: [],
      },
    ]);
    expect(result.held).toEqual([
      { name: 'torch', reason: '3.0.0 is a major upgrade; upgrade.allow is minor' },
    ]);
    expect(index.asked).toContain('requiresDist torchvision==0.22.0');
  });

  it('falls back to the newest torch all companions have a release for', async () => {
    const index = fakeIndex({
      ...TORCH,
      torchvision: TORCH.torchvision.slice(0, 2),
    });
    const result = await plan('torch==2.5.1\ntorchvision==0.20.1\ntorchaudio==2.5.1\n', index);
    expect(result.groups).toEqual([
      {
        group: 'pytorch',
        changes: [
          { name: 'torch', from: '2.5.1', to: '2.6.0', bump: 'minor' },
          { name: 'torchvision', from: '0.20.1', to: '0.21.0', bump: 'minor' },
          { name: 'torchaudio', from: '2.5.1', to: '2.6.0', bump: 'minor' },
        ],
        notes: [
          'torch 2.7.0 is out, but torchvision has no release for it yet: proposing torch 2.6.0',
        ],
      },
    ]);
  });

  it('marks the group conflicting when no allowed torch has every companion', async () => {
    const index = fakeIndex({
      ...TORCH,
      torchvision: TORCH.torchvision.slice(0, 1),
    });
    const result = await plan('torch==2.5.1\ntorchvision==0.20.1\ntorchaudio==2.5.1\n', index);
    expect(result.groups).toEqual([
      {
        group: 'pytorch',
        changes: [
          { name: 'torch', from: '2.5.1', to: '2.7.0', bump: 'minor' },
          { name: 'torchaudio', from: '2.5.1', to: '2.7.0', bump: 'minor' },
        ],
        conflict: 'torchvision has no release for torch 2.7.0 or 2.6.0',
        notes: [],
      },
    ]);
  });

  it('reads only the Requires-Dist lines that apply, and distrusts unreadable torch lines', async () => {
    const index = fakeIndex({
      torch: ['2.5.1', '2.6.0'],
      torchvision: [
        { version: '0.20.1', requires: ['torch==2.5.1'] },
        {
          version: '0.21.0',
          requires: [
            'torch==2.6.0',
            'torch<2; extra == "legacy"',
            'torch<2; sys_platform == "win32"',
            'torch-tensorrt>=9',
          ],
        },
      ],
      torchaudio: [
        { version: '2.5.1', requires: ['torch==2.5.1'] },
        { version: '2.6.0', requires: ['torch ==== 2.6.0'] },
      ],
    });
    const result = await plan('torch==2.5.1\ntorchvision==0.20.1\ntorchaudio==2.5.1\n', index);
    expect(result.groups[0]?.changes.map((c) => `${c.name} ${c.to}`)).toEqual([
      'torch 2.6.0',
      'torchvision 0.21.0',
    ]);
    expect(result.groups[0]?.conflict).toBe('torchaudio has no release for torch 2.6.0');
  });

  it('asks the index once per package and release', async () => {
    const index = fakeIndex(TORCH);
    await plan('torch==2.5.1\ntorchvision==0.20.1\ntorchaudio==2.5.1\n', index, {
      groups: [{ name: 'python', python: '3.12' }],
    });
    expect(index.asked.length).toBe(new Set(index.asked).size);
  });

  it('keeps torch where a held companion needs it', async () => {
    const index = fakeIndex(TORCH);
    const result = await plan('torch==2.5.1\ntorchvision==0.20.1\n', index, {
      hold: ['torchvision'],
    });
    expect(result.groups[0]?.conflict).toBe('torchvision has no release for torch 2.7.0 or 2.6.0');
    const held = await plan('torch==2.5.1\ntorchvision==0.20.1\n', index, { hold: ['torch'] });
    expect(held.groups).toEqual([]);
    expect(held.held).toEqual([{ name: 'torch', reason: 'held by upgrade.hold' }]);
  });

  it('joins the family to the group that lists torch', async () => {
    const index = fakeIndex({ ...TORCH, lightning: ['2.4.0', '2.5.0'] });
    const result = await plan('torch==2.5.1\ntorchvision==0.20.1\nlightning==2.4.0\n', index, {
      groups: [{ name: 'framework', packages: ['lightning', 'torch'] }],
    });
    expect(result.groups.map((g) => [g.group, g.changes.map((c) => `${c.name} ${c.to}`)])).toEqual([
      ['framework', ['torch 2.7.0', 'torchvision 0.22.0', 'lightning 2.5.0']],
    ]);
  });

  it('keeps local version labels and compares by the public version', async () => {
    // An index without labels (PyPI) and one with them (PyTorch's, every variant listed).
    const plain = fakeIndex({ torch: ['2.5.1', '2.6.0'] });
    expect((await plan('torch==2.5.1+cu128\n', plain)).groups[0]?.changes).toEqual([
      { name: 'torch', from: '2.5.1+cu128', to: '2.6.0+cu128', bump: 'minor' },
    ]);
    const labelled = fakeIndex({
      torch: ['2.5.1+cu124', '2.5.1+cu128', '2.6.0+cu126', '2.6.0+cu128', '2.7.0+cu126'],
    });
    expect((await plan('torch==2.5.1+cu128\n', labelled)).groups[0]?.changes).toEqual([
      { name: 'torch', from: '2.5.1+cu128', to: '2.6.0+cu128', bump: 'minor' },
    ]);
    // An unlabelled pin takes the workspace variant's builds, written without the label.
    expect((await plan('torch==2.5.1\n', labelled)).groups[0]?.changes).toEqual([
      { name: 'torch', from: '2.5.1', to: '2.6.0', bump: 'minor' },
    ]);
  });
});

const VARIANTS = {
  torch: ['2.5.1+cu128', '2.6.0+cu128', '2.6.0+cu130', '2.7.0+cu128'],
  torchvision: [
    { version: '0.20.1+cu128', requires: ['torch==2.5.1'] },
    { version: '0.21.0+cu128', requires: ['torch==2.6.0'] },
    { version: '0.21.0+cu130', requires: ['torch==2.6.0'] },
    { version: '0.22.0+cu128', requires: ['torch==2.7.0'] },
  ],
};

describe('planUpgrades: CUDA and Python', () => {
  it('moves the CUDA variant with the index and the labels of the torch family', async () => {
    const index = fakeIndex(VARIANTS);
    const result = await plan(
      'torch==2.5.1+cu128\ntorchvision==0.20.1+cu128\n',
      index,
      { groups: [{ name: 'pytorch', packages: ['torch', 'torchvision'], cuda: '13.0' }] },
      { ...ENV, pytorchIndex: 'https://download.pytorch.org/whl/cu128' },
    );
    expect(result.groups).toEqual([
      {
        group: 'pytorch',
        changes: [
          { name: 'torch', from: '2.5.1+cu128', to: '2.6.0+cu130', bump: 'minor' },
          { name: 'torchvision', from: '0.20.1+cu128', to: '0.21.0+cu130', bump: 'minor' },
        ],
        cuda: {
          from: '12.8',
          to: '13.0',
          pytorchIndex: {
            from: 'https://download.pytorch.org/whl/cu128',
            to: 'https://download.pytorch.org/whl/cu130',
          },
        },
        notes: [],
      },
    ]);
  });

  it("asks the new variant's index, and adds PyTorch's index when there was none", async () => {
    const asked: PlanEnvironment[] = [];
    const result = await plan(
      'torch==2.5.1\n',
      fakeIndex({ torch: ['2.5.1'] }),
      { groups: [{ name: 'gpu', cuda: '13.0' }] },
      ENV,
      (env) => {
        asked.push(env);
        return fakeIndex({ torch: ['2.5.1+cu130', '2.6.0+cu130'] });
      },
    );
    expect(asked).toEqual([
      { python: '3.11', cuda: '13.0', pytorchIndex: 'https://download.pytorch.org/whl/cu130' },
    ]);
    expect(result.groups).toEqual([
      {
        group: 'gpu',
        changes: [{ name: 'torch', from: '2.5.1', to: '2.6.0', bump: 'minor' }],
        cuda: {
          from: '12.8',
          to: '13.0',
          pytorchIndex: { to: 'https://download.pytorch.org/whl/cu130' },
        },
        notes: [],
      },
    ]);
  });

  it('relabels a held torch, or reports the missing build', async () => {
    const moveTo = async (cuda: string, versions: string[]) =>
      (
        await plan('torch==2.5.1+cu128\n', fakeIndex({ torch: versions }), {
          hold: ['torch'],
          groups: [{ name: 'pytorch', packages: ['torch'], cuda }],
        })
      ).groups[0];
    expect((await moveTo('cpu', ['2.5.1+cu128', '2.5.1+cpu', '2.6.0+cpu']))?.changes).toEqual([
      { name: 'torch', from: '2.5.1+cu128', to: '2.5.1+cpu', bump: 'patch' },
    ]);
    expect(await moveTo('13.0', ['2.5.1+cu128', '2.6.0+cu130'])).toEqual({
      group: 'pytorch',
      changes: [],
      cuda: {
        from: '12.8',
        to: '13.0',
        pytorchIndex: { to: 'https://download.pytorch.org/whl/cu130' },
      },
      conflict:
        'torch 2.5.1+cu128 has no cu130 build on the index, and no newer release the policy allows has one',
      notes: [],
    });
  });

  it('leaves an index without a variant segment alone, and says so', async () => {
    const result = await plan(
      'numpy==1.26.4\n',
      fakeIndex({ numpy: ['1.26.4'] }),
      { groups: [{ name: 'gpu', cuda: '13.0' }] },
      { ...ENV, pytorchIndex: 'https://mirror.acme.internal/pytorch/simple' },
    );
    expect(result.groups).toEqual([
      {
        group: 'gpu',
        changes: [],
        cuda: { from: '12.8', to: '13.0' },
        notes: [
          'environment.pytorchIndex https://mirror.acme.internal/pytorch/simple has no cuXYZ or cpu path segment, so it stays as it is: point it at the cu130 wheels if it serves one variant',
        ],
      },
    ]);
  });

  it('plans a Python move as its own group, checking every pin has files for it', async () => {
    const index = fakeIndex({
      numpy: [{ version: '2.1.0', wheels: ['cp311-cp311', 'cp312-cp312'] }],
      torch: [{ version: '2.5.1+cu128', wheels: ['cp311-cp311', 'cp312-cp312'] }, '2.6.0+cu128'],
    });
    const requirements = 'torch==2.5.1+cu128\nnumpy==2.1.0\n';
    const ok = await plan(requirements, index, {
      groups: [{ name: 'python', python: '3.12' }],
      hold: ['torch'],
    });
    expect(ok.groups).toEqual([
      { group: 'python', changes: [], python: { from: '3.11', to: '3.12' }, notes: [] },
    ]);
    expect(ok.upToDate).toEqual(['pytorch', 'numpy']);

    const blocked = await plan(requirements, index, {
      groups: [{ name: 'python', python: '3.13' }],
      hold: ['torch'],
    });
    expect(blocked.groups[0]).toEqual({
      group: 'python',
      changes: [],
      python: { from: '3.11', to: '3.13' },
      conflict:
        'no files for Python 3.13: torch 2.5.1+cu128 (wheels only for cp311, cp312), numpy 2.1.0 (wheels only for cp311, cp312); upgrade them first',
      notes: [],
    });

    const same = await plan(requirements, index, { groups: [{ name: 'python', python: '3.11' }] });
    expect(same.upToDate).toContain('python');
  });
});
