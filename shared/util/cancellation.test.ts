import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';

// Real signals to a real process: the worker cancels its wait on the first, and either keeps
// cleaning up through the second (the default) or is ended by it (`once`).
const worker = path.join(import.meta.dirname, 'fixtures', 'signal-worker.ts');
const children: ChildProcess[] = [];

function start(mode: 'on' | 'once') {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of waiters.splice(0)) {
      if (out.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => out,
    printed: (text: string) =>
      new Promise<void>((resolve) => {
        if (out.includes(text)) resolve();
        else waiters.push({ text, resolve });
      }),
  };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('withSignalCancellation', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'aborts on %s and keeps cleaning up through a second one, then removes its handlers',
    async (name) => {
      const worker = start('on');
      await worker.printed('ready');
      worker.child.kill(name);
      await worker.printed(`aborted: cancelled by ${name}`);
      worker.child.kill(name);
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(worker.output()).toBe(
        `ready\ngot ${name}\naborted: cancelled by ${name}\ngot ${name}\ncleaned up; listeners left: 0\n`,
      );
    },
  );

  it('with once, a repeated signal ends the process during the cleanup', async () => {
    const worker = start('once');
    await worker.printed('ready');
    worker.child.kill('SIGINT');
    await worker.printed('aborted: cancelled by SIGINT');
    worker.child.kill('SIGINT');
    expect(await worker.exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(worker.output()).not.toContain('cleaned up');
  });
});
