import { firstNonEmptyLine } from '../util/text.js';
import type { CommandRunner } from './command-runner.js';

// What torch in the environment's Python says about CUDA: a short script run by that Python,
// and the one JSON line it prints.

export interface TorchProbe {
  torchVersion: string;
  torchCuda: string | null;
  cudaAvailable: boolean;
  deviceCount: number;
}

/** Printed by the environment's Python: one JSON line that `parseTorchProbe` reads. */
export const TORCH_PROBE_SCRIPT = [
  'import json',
  'try:',
  '    import torch',
  'except Exception as e:',
  '    print(json.dumps({"error": type(e).__name__ + ": " + str(e)}))',
  '    raise SystemExit(0)',
  'print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda,',
  '    "available": torch.cuda.is_available(), "count": torch.cuda.device_count()}))',
].join('\n');

export function parseTorchProbe(stdout: string): TorchProbe | { error: string } {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (!line)
    return { error: `no JSON in the probe's output: ${firstNonEmptyLine(stdout) || '(empty)'}` };
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { error: `unreadable probe output: ${line.trim()}` };
  }
  const record = (data ?? {}) as Record<string, unknown>;
  if (typeof record.error === 'string') return { error: record.error };
  if (
    typeof record.torch !== 'string' ||
    typeof record.available !== 'boolean' ||
    typeof record.count !== 'number'
  ) {
    return { error: `unexpected probe output: ${line.trim()}` };
  }
  return {
    torchVersion: record.torch,
    torchCuda: typeof record.cuda === 'string' ? record.cuda : null,
    cudaAvailable: record.available,
    deviceCount: record.count,
  };
}

/**
 * Runs the probe with the environment's Python: what torch says, or in one line why it could
 * not say (torch missing or broken, the Python itself missing).
 */
export async function probeTorch(
  run: CommandRunner,
  python: readonly string[],
): Promise<TorchProbe | { error: string }> {
  try {
    const result = await run([...python, '-c', TORCH_PROBE_SCRIPT]);
    const probe = parseTorchProbe(result.stdout);
    if (!('error' in probe)) return probe;
    const detail =
      result.exitCode !== 0 ? firstNonEmptyLine(result.stderr) || probe.error : probe.error;
    return { error: `cannot import torch with ${python.join(' ')}: ${detail}` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException | null)?.code !== 'ENOENT') throw error;
    return { error: `the environment's Python was not found: ${python[0]}` };
  }
}
