import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { ConfigurationError } from '../../errors/index.js';
import { applyToWorkspaceYaml } from './workspace-yaml.js';

const WORKSPACE = `# yaml-language-server: $schema=../../schemas/mlenv.schema.json
apiVersion: mlenv/v1
kind: Workspace
projects: ["projects/*"]   # every project directory

# The ONE shared environment.
environment:
  # quoted: YAML reads 3.10 as the number 3.1
  python: "3.11"    # the interpreter
  cuda: '12.8' # CUDA variant of the framework build
  requirements: environment/requirements.in
  lock: environment/requirements.lock
  pytorchIndex: https://download.pytorch.org/whl/cu128  # CUDA wheels
  image: ghcr.io/acme/mlenv-runtime

tracking:
  uri: http://mlflow.internal:5000 # optional
upgrade:
  groups:
    - { name: pytorch, packages: [torch], cuda: "13.0" }
`;

describe('applyToWorkspaceYaml', () => {
  it('moves python, cuda and the index keeping everything else byte for byte', () => {
    const after = applyToWorkspaceYaml(WORKSPACE, {
      python: '3.12',
      cuda: '13.0',
      pytorchIndex: 'https://download.pytorch.org/whl/cu130',
    });
    expect(after).toBe(
      WORKSPACE.replace('python: "3.11"    #', 'python: "3.12"    #')
        .replace("cuda: '12.8' #", "cuda: '13.0' #")
        .replace('whl/cu128  # CUDA', 'whl/cu130  # CUDA'),
    );
  });

  it('leaves the text alone when nothing changes', () => {
    expect(applyToWorkspaceYaml(WORKSPACE, { python: '3.11', cuda: '12.8' })).toBe(WORKSPACE);
    expect(applyToWorkspaceYaml(WORKSPACE, {})).toBe(WORKSPACE);
  });

  it('adds pytorchIndex as the last key of environment, indented like its siblings', () => {
    const without = WORKSPACE.replace(
      '  pytorchIndex: https://download.pytorch.org/whl/cu128  # CUDA wheels\n',
      '',
    );
    const after = applyToWorkspaceYaml(without, {
      cuda: '13.0',
      pytorchIndex: 'https://download.pytorch.org/whl/cu130',
    });
    expect(after).toBe(
      without
        .replace("cuda: '12.8' #", "cuda: '13.0' #")
        .replace(
          '  image: ghcr.io/acme/mlenv-runtime\n',
          '  image: ghcr.io/acme/mlenv-runtime\n  pytorchIndex: https://download.pytorch.org/whl/cu130\n',
        ),
    );
  });

  it('removes pytorchIndex with its line and its comment', () => {
    const after = applyToWorkspaceYaml(WORKSPACE, { cuda: 'cpu', pytorchIndex: null });
    expect(after).toBe(
      WORKSPACE.replace("cuda: '12.8' #", "cuda: 'cpu' #").replace(
        '  pytorchIndex: https://download.pytorch.org/whl/cu128  # CUDA wheels\n',
        '',
      ),
    );
    // Removing what is absent is no edit.
    expect(applyToWorkspaceYaml(after, { pytorchIndex: null })).toBe(after);
  });

  it('quotes a plain value that YAML would read as a number', () => {
    const text = 'kind: Workspace\nenvironment:\n  python: "3.11"\n  cuda: cpu\n';
    expect(applyToWorkspaceYaml(text, { cuda: '12.8' })).toBe(
      'kind: Workspace\nenvironment:\n  python: "3.11"\n  cuda: "12.8"\n',
    );
    expect(applyToWorkspaceYaml(text, { cuda: 'cpu' })).toBe(text);
  });

  it('keeps CRLF line endings, also on an added line, and a file without a final newline', () => {
    const text = 'kind: Workspace\r\nenvironment:\r\n  python: "3.11"\r\n  cuda: "12.8"';
    expect(
      applyToWorkspaceYaml(text, {
        python: '3.12',
        pytorchIndex: 'https://download.pytorch.org/whl/cu128',
      }),
    ).toBe(
      'kind: Workspace\r\nenvironment:\r\n  python: "3.12"\r\n  cuda: "12.8"\r\n  pytorchIndex: https://download.pytorch.org/whl/cu128',
    );
  });

  it('edits a flow mapping in place', () => {
    const text =
      'environment: { python: "3.11", cuda: "12.8", pytorchIndex: "https://x.org/whl/cu128" } # env\n';
    expect(
      applyToWorkspaceYaml(text, { cuda: '13.0', pytorchIndex: 'https://x.org/whl/cu130' }),
    ).toBe(
      'environment: { python: "3.11", cuda: "13.0", pytorchIndex: "https://x.org/whl/cu130" } # env\n',
    );
    const removed = applyToWorkspaceYaml(text, { pytorchIndex: null });
    expect(removed).toBe('environment: { python: "3.11", cuda: "12.8" } # env\n');
    expect(
      applyToWorkspaceYaml(removed, { pytorchIndex: 'https://download.pytorch.org/whl/cu128' }),
    ).toBe(
      'environment: { python: "3.11", cuda: "12.8", pytorchIndex: https://download.pytorch.org/whl/cu128 } # env\n',
    );
  });

  it('fills an empty value', () => {
    const url = 'https://download.pytorch.org/whl/cu130';
    expect(
      applyToWorkspaceYaml('environment:\n  pytorchIndex:\n  cuda: "12.8"\n', {
        pytorchIndex: url,
      }),
    ).toBe(`environment:\n  pytorchIndex: ${url}\n  cuda: "12.8"\n`);
    expect(
      applyToWorkspaceYaml('environment:\n  pytorchIndex: # later\n  cuda: "12.8"\n', {
        pytorchIndex: url,
      }),
    ).toBe(`environment:\n  pytorchIndex: ${url} # later\n  cuda: "12.8"\n`);
  });

  it('always yields a file that reads back as the edit asked', () => {
    const after = applyToWorkspaceYaml(WORKSPACE, {
      python: '3.13',
      cuda: 'cpu',
      pytorchIndex: null,
    });
    expect(parse(after).environment).toEqual({
      python: '3.13',
      cuda: 'cpu',
      requirements: 'environment/requirements.in',
      lock: 'environment/requirements.lock',
      image: 'ghcr.io/acme/mlenv-runtime',
    });
  });

  it('names the file and line of what it cannot edit', () => {
    expect(() => applyToWorkspaceYaml('kind: [\n', {}, 'ws/mlenv.yaml')).toThrow(
      ConfigurationError,
    );
    expect(() => applyToWorkspaceYaml('kind: [\n', {}, 'ws/mlenv.yaml')).toThrow(
      /^ws\/mlenv.yaml:2:1: expected valid YAML/,
    );
    expect(() => applyToWorkspaceYaml('kind: Workspace\n', { python: '3.12' })).toThrow(
      'mlenv.yaml: environment: expected a mapping with python, cuda and requirements, found no environment key',
    );
    expect(() =>
      applyToWorkspaceYaml('environment:\n  python:\n    - "3.11"\n', { python: '3.12' }),
    ).toThrow('mlenv.yaml:2: environment.python: expected a string, found a list or alias');
  });
});
