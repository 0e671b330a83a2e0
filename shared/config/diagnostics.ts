/** One problem in a user's file, positioned so editors and GitHub annotations can point at it. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** Key path such as `train.params.lr` or `projects[0]`; empty for the whole document. */
  path: string;
  expected: string;
  found: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const key = d.path ? `${d.path}: ` : '';
  return `${d.file}:${d.line}:${d.column}: ${key}expected ${d.expected}, found ${d.found}`;
}

export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}
