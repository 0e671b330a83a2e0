/**
 * A unified diff (as `git diff` prints it) of one file's edit, for `mlenv upgrade --dry-run` and
 * pull request bodies. No diff library is a dependency and the files edited here (requirements,
 * mlenv.yaml) are small, so a longest-common-subsequence over lines is enough.
 */
export function renderUnifiedDiff(
  path: string,
  before: string,
  after: string,
  context = 3,
): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const hunks = groupHunks(ops, context);
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const hunk of hunks) {
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    const first = hunk[0] as Op;
    const oldStart = oldCount === 0 ? first.oldIndex : first.oldIndex + 1;
    const newStart = newCount === 0 ? first.newIndex : first.newIndex + 1;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const op of hunk) {
      out.push(`${op.kind}${op.line.text}`);
      if (op.line.noNewline) out.push('\\ No newline at end of file');
    }
  }
  return `${out.join('\n')}\n`;
}

interface Line {
  text: string;
  /** The file's last line, without a final newline: git marks it, since it differs from one with. */
  noNewline: boolean;
}

interface Op {
  kind: ' ' | '-' | '+';
  line: Line;
  /** 0-based position in the old and new file where this op stands. */
  oldIndex: number;
  newIndex: number;
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop() as string;
  const lines = parts.map((t) => ({ text: t, noNewline: false }));
  if (last !== '') lines.push({ text: last, noNewline: true });
  return lines;
}

function same(x: Line, y: Line): boolean {
  return x.text === y.text && x.noNewline === y.noNewline;
}

function diffLines(a: Line[], b: Line[]): Op[] {
  // Common head and tail first: an upgrade changes a few lines, so the table below stays tiny.
  let head = 0;
  while (head < a.length && head < b.length && same(a[head] as Line, b[head] as Line)) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    same(a[a.length - 1 - tail] as Line, b[b.length - 1 - tail] as Line)
  ) {
    tail++;
  }
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  // lcs[i][j]: the longest common subsequence of midA[i..] and midB[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] as Uint32Array;
      row[j] = same(midA[i] as Line, midB[j] as Line)
        ? ((lcs[i + 1] as Uint32Array)[j + 1] as number) + 1
        : Math.max((lcs[i + 1] as Uint32Array)[j] as number, row[j + 1] as number);
    }
  }

  const ops: Op[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  const push = (kind: Op['kind'], line: Line): void => {
    ops.push({ kind, line, oldIndex, newIndex });
    if (kind !== '+') oldIndex++;
    if (kind !== '-') newIndex++;
  };
  for (let k = 0; k < head; k++) push(' ', a[k] as Line);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(midA[i] as Line, midB[j] as Line)) {
      push(' ', midA[i++] as Line);
      j++;
    } else if (
      j < m &&
      (i >= n ||
        ((lcs[i] as Uint32Array)[j + 1] as number) > ((lcs[i + 1] as Uint32Array)[j] as number))
    ) {
      push('+', midB[j++] as Line);
    } else {
      push('-', midA[i++] as Line);
    }
  }
  for (let k = a.length - tail; k < a.length; k++) push(' ', a[k] as Line);
  return reorderChanges(ops);
}

/** Within each run of changes, removals before additions, as git prints them. */
function reorderChanges(ops: Op[]): Op[] {
  const out: Op[] = [];
  let k = 0;
  while (k < ops.length) {
    if ((ops[k] as Op).kind === ' ') {
      out.push(ops[k++] as Op);
      continue;
    }
    const run: Op[] = [];
    while (k < ops.length && (ops[k] as Op).kind !== ' ') run.push(ops[k++] as Op);
    const start = run[0] as Op;
    let oldIndex = start.oldIndex;
    let newIndex = start.newIndex;
    for (const op of [...run.filter((o) => o.kind === '-'), ...run.filter((o) => o.kind === '+')]) {
      out.push({ ...op, oldIndex, newIndex });
      if (op.kind === '-') oldIndex++;
      else newIndex++;
    }
  }
  return out;
}

function groupHunks(ops: Op[], context: number): Op[][] {
  const changed = ops.flatMap((op, k) => (op.kind === ' ' ? [] : [k]));
  const hunks: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const k of changed) {
    if (start !== -1 && k - context <= end + context + 1) {
      end = k;
      continue;
    }
    if (start !== -1) hunks.push(ops.slice(Math.max(0, start - context), end + context + 1));
    start = k;
    end = k;
  }
  if (start !== -1) hunks.push(ops.slice(Math.max(0, start - context), end + context + 1));
  return hunks;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}
