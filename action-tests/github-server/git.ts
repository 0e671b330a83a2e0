import { createHash } from 'node:crypto';

/** A tree entry as the REST API shows it (`040000` for trees, as GitHub writes it). */
export interface TreeEntry {
  path: string;
  mode: '100644' | '100755' | '040000' | '160000' | '120000';
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export interface Signature {
  name: string;
  email: string;
  /** ISO 8601, whole seconds. */
  date: string;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: Signature;
  committer: Signature;
}

/** A file of a flattened tree: its full path in the repository. */
export type FlatTree = Map<string, Omit<TreeEntry, 'path'>>;

/**
 * One repository's git objects, hashed exactly as git hashes them, so that shas handed out by
 * the fake look like, and behave like, real ones (the same content gives the same blob sha).
 */
export class ObjectStore {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, CommitObject>();

  writeBlob(content: Buffer): string {
    const sha = hashObject('blob', content);
    this.blobs.set(sha, content);
    return sha;
  }

  /** Writes one level of a tree; entries name their own path segment only. */
  writeTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => compareTreeNames(a, b));
    const body = Buffer.concat(
      sorted.flatMap((e) => [
        Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.path}\0`),
        Buffer.from(e.sha, 'hex'),
      ]),
    );
    const sha = hashObject('tree', body);
    this.trees.set(sha, sorted);
    return sha;
  }

  writeCommit(commit: Omit<CommitObject, 'sha'>): CommitObject {
    const line = (s: Signature): string =>
      `${s.name} <${s.email}> ${Math.floor(Date.parse(s.date) / 1000)} +0000`;
    const text = [
      `tree ${commit.tree}`,
      ...commit.parents.map((p) => `parent ${p}`),
      `author ${line(commit.author)}`,
      `committer ${line(commit.committer)}`,
      '',
      commit.message,
    ].join('\n');
    const sha = hashObject('commit', Buffer.from(text));
    const stored = { ...commit, sha };
    this.commits.set(sha, stored);
    return stored;
  }

  /** Every file under a tree, keyed by its full path. */
  flatten(treeSha: string, prefix = '', into: FlatTree = new Map()): FlatTree {
    for (const entry of this.trees.get(treeSha) ?? []) {
      const path = `${prefix}${entry.path}`;
      if (entry.type === 'tree') this.flatten(entry.sha, `${path}/`, into);
      else into.set(path, { mode: entry.mode, type: entry.type, sha: entry.sha });
    }
    return into;
  }

  /** Writes the nested trees of a flat file list and returns the root tree's sha. */
  buildTree(files: FlatTree): string {
    const children = new Map<string, FlatTree>();
    const entries: TreeEntry[] = [];
    for (const [path, entry] of files) {
      const slash = path.indexOf('/');
      if (slash === -1) {
        entries.push({ path, ...entry });
        continue;
      }
      const dir = path.slice(0, slash);
      const sub = children.get(dir) ?? new Map();
      sub.set(path.slice(slash + 1), entry);
      children.set(dir, sub);
    }
    for (const [dir, sub] of children) {
      entries.push({ path: dir, mode: '040000', type: 'tree', sha: this.buildTree(sub) });
    }
    return this.writeTree(entries);
  }

  /** The entry at a path of a tree; the root itself for ''. */
  lookup(treeSha: string, path: string): Omit<TreeEntry, 'path'> | undefined {
    const parts = path.split('/').filter((p) => p !== '');
    let current: Omit<TreeEntry, 'path'> = { mode: '040000', type: 'tree', sha: treeSha };
    for (const part of parts) {
      if (current.type !== 'tree') return undefined;
      const next = this.trees.get(current.sha)?.find((e) => e.path === part);
      if (!next) return undefined;
      current = next;
    }
    return current;
  }

  /** Commits reachable from `head` but not from `base`, newest first (as `git log base..head`). */
  commitsBetween(base: string, head: string): string[] {
    const excluded = this.reachable(base);
    return [...this.reachable(head)].filter((sha) => !excluded.has(sha));
  }

  isAncestor(ancestor: string, descendant: string): boolean {
    return this.reachable(descendant).has(ancestor);
  }

  private reachable(from: string): Set<string> {
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (seen.has(sha)) continue;
      const commit = this.commits.get(sha);
      if (!commit) continue;
      seen.add(sha);
      queue.push(...commit.parents);
    }
    return seen;
  }
}

function hashObject(type: string, body: Buffer): string {
  return createHash('sha1')
    .update(Buffer.from(`${type} ${body.length}\0`))
    .update(body)
    .digest('hex');
}

// git orders tree entries by name, comparing a subtree's name as if it ended in "/".
function compareTreeNames(a: TreeEntry, b: TreeEntry): number {
  const ka = a.type === 'tree' ? `${a.path}/` : a.path;
  const kb = b.type === 'tree' ? `${b.path}/` : b.path;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
