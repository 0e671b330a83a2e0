// One line per step with the elapsed time, so a slow cold `up` shows where the time goes.
export async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  console.log(`[testbed] ${label} ...`);
  const result = await fn();
  console.log(`[testbed] ${label} done (${elapsed(start)})`);
  return result;
}

export function elapsed(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}

export function note(message: string): void {
  console.log(`[testbed] ${message}`);
}
