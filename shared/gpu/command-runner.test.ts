import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createCommandRunner } from './command-runner.js';

describe('createCommandRunner', () => {
  it('passes argv without a shell and reports exit codes, and ENOENT for a missing program', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlenv-doctor-'));
    try {
      const script = path.join(dir, 'fake-smi');
      writeFileSync(script, '#!/bin/sh\nprintf "%s\\n" "$@"\nexit 3\n');
      chmodSync(script, 0o755);
      const run = createCommandRunner();
      const result = await run([script, 'a b', '$(echo x)']);
      expect(result).toEqual({ exitCode: 3, stdout: 'a b\n$(echo x)\n', stderr: '' });
      await expect(run([path.join(dir, 'missing')])).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a hung program', async () => {
    const run = createCommandRunner({ timeoutMs: 200 });
    const result = await run(['sleep', '5']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/timed out after 200 ms/);
  });
});
