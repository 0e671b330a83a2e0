import path from 'node:path';
import { describe, expect, jest, test } from '@jest/globals';
import { capture } from '../exec.js';
import { repoRoot } from '../paths.js';
import { loadTestbed } from '../testbed.js';

jest.setTimeout(120_000);

const bed = loadTestbed();

// A shell as a developer opens it: no kubectl on PATH, only node (for npm) and the system.
async function inShell(envArgs: string, script: string) {
  const res = await capture(
    'bash',
    ['-c', `set -e; eval "$(npm run -s testbed -- env ${envArgs})"; ${script}`],
    {
      cwd: repoRoot,
      env: {
        HOME: process.env.HOME,
        PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
        ...(process.env.MLENV_TESTBED_DIR
          ? { MLENV_TESTBED_DIR: process.env.MLENV_TESTBED_DIR }
          : {}),
      },
      timeoutMs: 60_000,
    },
  );
  return res;
}

describe('npm run testbed -- env', () => {
  test('eval gives the bed kubectl, the CI identity and its namespace', async () => {
    const res = await inShell(
      '',
      [
        'command -v kubectl',
        'kubectl auth whoami -o jsonpath="{.status.userInfo.username}{\\"\\n\\"}"',
        'kubectl get pods -n "$MLENV_TESTBED_NAMESPACE" -o name >/dev/null && echo pods-ok',
        // Least privilege: the CI identity may not list nodes (admin may, see below).
        'kubectl get nodes 2>&1 || true',
        'echo "uri=$MLENV_TESTBED_MLFLOW_URI"',
      ].join('; '),
    );
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: res.stderr });
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toBe(bed.tools.kubectl);
    expect(lines[1]).toBe(`system:serviceaccount:${bed.kubernetes.namespace}:mlenv-ci`);
    expect(lines[2]).toBe('pods-ok');
    expect(lines[3]).toMatch(/forbidden.*cannot list resource "nodes"/);
    expect(lines[4]).toBe(`uri=${bed.mlflow.uri}`);
  });

  test('with --admin, `kubectl get nodes` lists the nodes', async () => {
    const res = await inShell('--admin', 'kubectl get nodes -o name');
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: res.stderr });
    const nodes = res.stdout.trim().split('\n');
    for (const node of [...bed.kubernetes.gpuNodes, ...bed.kubernetes.cpuNodes]) {
      expect(nodes).toContain(`node/${node}`);
    }
  });

  test('the MLflow URI it exports answers from the host', async () => {
    const res = await inShell('', 'echo "$MLENV_TESTBED_MLFLOW_URI"');
    const uri = res.stdout.trim();
    expect(uri).toBe(bed.mlflow.uri);
    expect(new URL(uri).hostname).toBe(bed.kubernetes.clusterDns);
    expect((await fetch(`${uri}/health`)).status).toBe(200);
  });
});
