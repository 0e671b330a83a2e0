import { type ProcessSpawner, spawnCollecting } from './spawn.js';

/**
 * Run by the environment's Python in front of pytest (`python -c SUPERVISOR_SCRIPT -m pytest
 * ...`). A test process must not outlive the job that locked its GPU: the lock of a SIGKILLed
 * job is taken over by the next job, which would then share the GPU with the orphans (pytest,
 * and the torchrun and trainer processes it started). So the supervisor asks Linux to send it
 * SIGTERM when its parent dies (PR_SET_PDEATHSIG) and then kills its whole process group, which
 * it leads (the caller starts it in a new session), pytest's descendants included.
 */
export const SUPERVISOR_SCRIPT = [
  'import ctypes, os, signal, subprocess, sys, time',
  'child = None',
  'def stop(signum, frame):',
  '    signal.signal(signal.SIGTERM, signal.SIG_IGN)',
  '    os.killpg(0, signal.SIGTERM)',
  '    deadline = time.monotonic() + float(os.environ.get("MLENV_STOP_GRACE_S", "10"))',
  '    while child is not None and time.monotonic() < deadline:',
  '        try:',
  '            if os.waitpid(child.pid, os.WNOHANG)[0]: break',
  '        except ChildProcessError:',
  '            break',
  '        time.sleep(0.05)',
  '    os.killpg(0, signal.SIGKILL)',
  'signal.signal(signal.SIGTERM, stop)',
  'signal.signal(signal.SIGINT, stop)',
  'signal.signal(signal.SIGHUP, stop)',
  'try:',
  '    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG',
  'except Exception:',
  '    pass  # not Linux: the caller still stops the group when it can',
  'if os.getppid() != int(os.environ.get("MLENV_SUPERVISOR_PARENT", os.getppid())):',
  '    stop(signal.SIGTERM, None)  # the parent died before prctl took effect',
  'child = subprocess.Popen([sys.executable, *sys.argv[1:]])',
  'sys.exit(child.wait())',
].join('\n');

/** An argv for messages: the supervisor's script is long and says nothing to the reader. */
export function describeArgv(argv: readonly string[]): string {
  return argv
    .filter((arg, i) => !(arg === '-c' && argv[i + 1] === SUPERVISOR_SCRIPT))
    .map((arg) => (arg === SUPERVISOR_SCRIPT ? '<mlenv supervisor>' : arg))
    .join(' ');
}

/** The Python argv prefix that runs a module (`-m pytest ...`) under the supervisor. */
export function supervisedPython(python: string): string[] {
  return [python, '-c', SUPERVISOR_SCRIPT];
}

// Only the group: after the leader exited, its pid alone may already belong to someone else.
function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // The group is gone: nothing left to stop.
  }
}

/**
 * Starts argv in a new session (its own process group) and resolves when it exits. Cancelling
 * sends SIGTERM to the leader (the supervisor stops its group), then SIGKILL to the group; after
 * the leader exits, whatever it left behind in the group is killed too.
 */
export const spawnSupervised: ProcessSpawner = (argv, request) =>
  spawnCollecting(
    argv,
    { ...request, env: { ...request.env, MLENV_SUPERVISOR_PARENT: String(process.pid) } },
    {
      detached: true,
      stop(child) {
        if (child.pid === undefined) return undefined;
        const pid = child.pid;
        child.kill('SIGTERM');
        // A CUDA call can ignore SIGTERM for a long time; the job is cancelled, so do not wait.
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 15_000);
        timer.unref();
        return timer;
      },
      afterExit(child) {
        if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      },
    },
  );
