import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

/** A YAML file parsed with its source positions kept, so every problem can name line and column. */
export interface YamlSource {
  /** Path as shown to the user. */
  file: string;
  data: unknown;
  empty: boolean;
  syntaxErrors: Diagnostic[];
  positionOf(path: readonly PropertyKey[], options?: { key?: boolean }): Position;
  describeAt(path: readonly PropertyKey[]): string;
}

export interface Position {
  line: number;
  column: number;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntaxErrors: Diagnostic[] = doc.errors.map((error) => {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    // The library's message repeats the position and a source excerpt; keep the first sentence.
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return {
      file,
      line: pos.line,
      column: pos.col,
      path: '',
      expected: 'valid YAML',
      found: lowerFirst(reason),
    };
  });
  const data = syntaxErrors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  function nodeAt(path: readonly PropertyKey[]): { node: Node | null; depth: number } {
    let node: unknown = doc.contents;
    let depth = 0;
    for (const part of path) {
      const next = isMap(node) || isSeq(node) ? node.get(part, true) : undefined;
      if (next === undefined || next === null || typeof next !== 'object') break;
      node = next;
      depth++;
    }
    return { node: (node as Node | null) ?? null, depth };
  }

  return {
    file,
    data,
    empty: doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null),
    syntaxErrors,
    positionOf(path, options = {}) {
      if (options.key && path.length > 0) {
        const parent = nodeAt(path.slice(0, -1));
        const last = path[path.length - 1];
        if (parent.depth === path.length - 1 && isMap(parent.node)) {
          const pair = parent.node.items.find(
            (item) => isPair(item) && isScalar(item.key) && item.key.value === last,
          );
          const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
          if (keyNode?.range) return toPosition(keyNode.range[0]);
        }
      }
      const { node } = nodeAt(path);
      return node?.range ? toPosition(node.range[0]) : { line: 1, column: 1 };
    },
    describeAt(path) {
      const { node, depth } = nodeAt(path);
      if (depth < path.length) return 'nothing';
      return describeNode(node);
    },
  };
}

function describeNode(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return node.items.length === 0 ? 'an empty mapping' : 'a mapping';
  if (isSeq(node)) return node.items.length === 0 ? 'an empty list' : 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'an empty value';
    if (typeof value === 'string') return JSON.stringify(truncate(value, 60));
    if (typeof value === 'number') {
      // `python: 3.10` silently becomes 3.1; saying "number" tells the user to quote it.
      const source = typeof node.source === 'string' ? node.source : String(value);
      return `number ${source}`;
    }
    return String(value);
  }
  return 'an unsupported YAML value';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
