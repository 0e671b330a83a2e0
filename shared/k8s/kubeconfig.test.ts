import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError, OptionError } from '../errors/index.js';
import { createKubeClient } from './client.js';
import { kubeconfigSource } from './kubeconfig.js';

// Finding the kubeconfig, in kubectl's order, and the one-line errors when there is none. Each
// case passes its own environment (HOME an empty folder, no KUBECONFIG), so the machine's own
// kubeconfig never decides a result.
let dir: string;
let emptyHome: string;

function kubeconfig(name: string, contexts: Record<string, string>, current: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: Object.entries(contexts).map(([context, server]) => ({
        name: `${context}-cluster`,
        cluster: { server },
      })),
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: Object.keys(contexts).map((context) => ({
        name: context,
        context: { cluster: `${context}-cluster`, user: 'u' },
      })),
      'current-context': current,
    }),
  );
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlenv-kubeconfig-'));
  emptyHome = path.join(dir, 'home');
  mkdirSync(emptyHome);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kubeconfigSource', () => {
  it('fails in one line naming KUBECONFIG, ~/.kube/config and the option when there is none', () => {
    const find = () => kubeconfigSource(undefined, { HOME: emptyHome });
    expect(find).toThrow(OptionError);
    try {
      find();
    } catch (error) {
      const message = (error as OptionError).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/^--kubeconfig: /);
      expect(message).toContain('KUBECONFIG');
      expect(message).toContain('~/.kube/config');
      expect(message).not.toContain('localhost:8080');
      expect((error as OptionError).option).toBe('kubeconfig');
    }
  });

  it('names the option and the path when the kubeconfig option names a missing file', () => {
    const missing = path.join(dir, 'nope.yaml');
    expect(() => kubeconfigSource(missing, { HOME: emptyHome })).toThrow(
      new OptionError('kubeconfig', `expected a kubeconfig file, found no file at ${missing}`),
    );
  });

  it('is a configuration error naming KUBECONFIG when it names a missing file', () => {
    const find = () => kubeconfigSource(undefined, { HOME: emptyHome, KUBECONFIG: '/nonexistent' });
    expect(find).toThrow(ConfigurationError);
    expect(find).toThrow('KUBECONFIG: expected a kubeconfig file, found no file at /nonexistent');
  });

  it('skips the missing files of a KUBECONFIG list, as kubectl does', () => {
    const present = kubeconfig('present', { a: 'http://127.0.0.1:1' }, 'a');
    const list = ['/nonexistent', present].join(path.delimiter);
    expect(kubeconfigSource(undefined, { HOME: emptyHome, KUBECONFIG: list })).toEqual({
      files: [present],
    });
  });

  it('falls back to ~/.kube/config, and the option wins over both', () => {
    const home = path.join(dir, 'with-config');
    mkdirSync(path.join(home, '.kube'), { recursive: true });
    const own = path.join(home, '.kube', 'config');
    writeFileSync(own, '{}');
    expect(kubeconfigSource(undefined, { HOME: home })).toEqual({ files: [own] });
    const explicit = kubeconfig('explicit', { a: 'http://127.0.0.1:1' }, 'a');
    expect(kubeconfigSource(explicit, { HOME: home, KUBECONFIG: own })).toEqual({
      files: [explicit],
    });
  });
});

describe('createKubeClient', () => {
  it('records the kubeconfig file and the context it uses, so another process can use the same', async () => {
    const file = kubeconfig(
      'two',
      { here: 'http://127.0.0.1:1', there: 'http://127.0.0.1:2' },
      'here',
    );
    const chosen = await createKubeClient({ kubeconfig: file, context: 'there' });
    expect({
      context: chosen.context,
      kubeconfig: chosen.kubeconfig,
      server: chosen.server,
    }).toEqual({ context: 'there', kubeconfig: file, server: 'http://127.0.0.1:2' });
    const current = await createKubeClient({ env: { HOME: emptyHome, KUBECONFIG: file } });
    expect(current.context).toBe('here');
  });

  it('names the contexts there are when the one asked for is not among them', async () => {
    const file = kubeconfig('one', { only: 'http://127.0.0.1:1' }, 'only');
    await expect(createKubeClient({ kubeconfig: file, context: 'other' })).rejects.toThrow(
      new ConfigurationError(`${file}: expected a context named "other", found only only`),
    );
  });

  it('is a configuration error, not a stack trace, when the file is no kubeconfig', async () => {
    const file = path.join(dir, 'broken');
    writeFileSync(file, 'clusters: [unclosed\n');
    await expect(createKubeClient({ kubeconfig: file })).rejects.toBeInstanceOf(ConfigurationError);
  });
});
