import { spawnSync } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import { envScript, shellQuote, testbedEnv } from './env.js';
import type { Testbed } from './testbed.js';

// What bash makes of the script: each variable as the shell sees it after `eval`.
function evalInBash(script: string, names: string[]): Record<string, string> {
  const res = spawnSync(
    'bash',
    [
      '-c',
      `PATH=/usr/bin:/bin; eval "$1"; for n in "\${@:2}"; do printf '%s\\0' "\${!n}"; done`,
      'bash',
      script,
      ...names,
    ],
    { encoding: 'utf8' },
  );
  expect(res.status).toBe(0);
  const values = res.stdout.split('\0').slice(0, -1);
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
}

describe('shellQuote', () => {
  test('single-quotes and escapes embedded quotes', () => {
    expect(shellQuote('plain')).toBe("'plain'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  test('bash reads back exactly what went in, nothing expanded or run', () => {
    const nasty = `a b'c"d$HOME\`touch /tmp/x\`$(id)\\n;|&*?~\n\ttab`;
    const got = evalInBash(envScript({ vars: { V: nasty }, pathDirs: [] }), ['V']);
    expect(got.V).toBe(nasty);
  });
});

describe('envScript', () => {
  test('one export per variable, PATH prepended to the caller PATH at eval time', () => {
    const script = envScript({
      vars: { KUBECONFIG: '/s/ci.kubeconfig', MLENV_TESTBED_NAMESPACE: 'ml-training' },
      pathDirs: ['/cache/kube dir'],
    });
    expect(script).toBe(
      [
        "export KUBECONFIG='/s/ci.kubeconfig'",
        "export MLENV_TESTBED_NAMESPACE='ml-training'",
        `export PATH='/cache/kube dir'":$PATH"`,
        '',
      ].join('\n'),
    );
    const got = evalInBash(script, ['PATH', 'KUBECONFIG']);
    expect(got.PATH).toBe('/cache/kube dir:/usr/bin:/bin');
    expect(got.KUBECONFIG).toBe('/s/ci.kubeconfig');
  });

  test('refuses a name that is not a shell variable name', () => {
    expect(() => envScript({ vars: { 'A;rm': 'x' }, pathDirs: [] })).toThrow(/no variable name/);
  });
});

describe('testbedEnv', () => {
  const bed = {
    mlflow: { uri: 'http://10.150.0.1:41101' },
    kubernetes: {
      adminKubeconfig: '/s/admin.kubeconfig',
      ciKubeconfig: '/s/ci.kubeconfig',
      namespace: 'ml-training',
    },
    tools: { kubectl: '/cache/bin/kubernetes-v1.35.4/kubectl' },
    images: {
      base: '10.150.0.1:5000/mlenv/debian:bookworm-python3.11-3a52cc555cc4',
      uv: '10.150.0.1:5000/astral-sh/uv:0.13.9-7890eb51f516',
    },
  } as unknown as Testbed;

  test('the CI identity, the namespace, the registry, MLflow, the base images and the kubectl dir', () => {
    const { env, warnings } = testbedEnv(bed, { registry: { host: '10.150.0.1:5000' } });
    expect(warnings).toEqual([]);
    expect(env).toEqual({
      vars: {
        KUBECONFIG: '/s/ci.kubeconfig',
        MLENV_TESTBED_NAMESPACE: 'ml-training',
        MLENV_TESTBED_REGISTRY: '10.150.0.1:5000',
        MLENV_TESTBED_MLFLOW_URI: 'http://10.150.0.1:41101',
        MLENV_TESTBED_BASE_IMAGE: '10.150.0.1:5000/mlenv/debian:bookworm-python3.11-3a52cc555cc4',
        MLENV_TESTBED_UV_IMAGE: '10.150.0.1:5000/astral-sh/uv:0.13.9-7890eb51f516',
      },
      pathDirs: ['/cache/bin/kubernetes-v1.35.4'],
    });
  });

  test('--admin hands out the admin kubeconfig; a missing registry is said, not hidden', () => {
    const { env, warnings } = testbedEnv(bed, {}, { admin: true });
    expect(env.vars.KUBECONFIG).toBe('/s/admin.kubeconfig');
    expect(env.vars.MLENV_TESTBED_REGISTRY).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('MLENV_TESTBED_REGISTRY is not set')]);
  });
});
