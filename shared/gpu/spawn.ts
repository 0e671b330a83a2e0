import { type ChildProcess, spawn } from 'node:child_process';

// Starting a test process and collecting its output, apart from sharding and supervision, which
// both build on it.

export interface SpawnResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnRequest {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Each line of output as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** Starts argv (no shell) and resolves when it exits; a missing program rejects. */
export type ProcessSpawner = (
  argv: readonly string[],
  request: SpawnRequest,
) => Promise<SpawnResult>;

// Collected node ids of a large suite run to megabytes; past this only the tail matters.
const MAX_CAPTURE = 64 * 1024 * 1024;

export const spawnProcess: ProcessSpawner = (argv, request) =>
  spawnCollecting(argv, request, {
    stop(child) {
      child.kill('SIGTERM');
      // pytest may sit in a CUDA call that ignores SIGTERM; do not wait forever.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      timer.unref();
      return timer;
    },
  });

/** How a spawner stops its child on abort, and cleans up after it exits. */
export interface SpawnHooks {
  detached?: boolean;
  stop(child: ChildProcess): NodeJS.Timeout | undefined;
  afterExit?(child: ChildProcess): void;
}

/** Starts argv (no shell), streams its lines, keeps the tail of its output, resolves on exit. */
export function spawnCollecting(
  argv: readonly string[],
  request: SpawnRequest,
  hooks: SpawnHooks,
): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = argv;
    if (!program) {
      reject(new Error('empty command'));
      return;
    }
    const child = spawn(program, args, {
      cwd: request.cwd,
      env: request.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: hooks.detached ?? false,
    });
    const captured = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      captured[stream] = (captured[stream] + text).slice(-MAX_CAPTURE);
      if (!request.onLine) return;
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) request.onLine(line.replace(/\r$/, ''), stream);
    };
    child.stdout?.on('data', take('stdout'));
    child.stderr?.on('data', take('stderr'));
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      killTimer = hooks.stop(child);
    };
    if (request.signal?.aborted) onAbort();
    else request.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      request.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      request.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      hooks.afterExit?.(child);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (request.onLine && partial[stream] !== '') request.onLine(partial[stream], stream);
      }
      resolve({ exitCode, signal, ...captured });
    });
  });
}
