/**
 * A few of hadolint's Dockerfile rules (same ids), for the images MLEnv renders: hadolint itself is
 * a Haskell binary that this project's toolchain cannot install. Each rule guards something that
 * bit real images: unpinned bases rebuild differently, leftover apt lists bloat layers, a failing
 * command on the left of a pipe passes silently, and root containers are refused by clusters that
 * enforce runAsNonRoot.
 */

export const DOCKERFILE_RULES = {
  DL3002: 'the final stage switches to a non-root USER',
  DL3004: 'no sudo: run as root in the build and switch USER afterwards',
  DL3006: 'base images pinned with a tag or digest',
  DL3007: 'no `latest` tag',
  DL3009: 'apt lists removed in the RUN that installs',
  DL3015: '`apt-get install --no-install-recommends`',
  DL3020: 'COPY, not ADD, for local files',
  DL4006: 'SHELL with `-o pipefail` before a RUN that pipes',
} as const;

export type DockerfileRule = keyof typeof DOCKERFILE_RULES;

export interface DockerfileProblem {
  line: number;
  rule: DockerfileRule;
  message: string;
}

export interface Instruction {
  /** The first line of the instruction (1-based). */
  line: number;
  keyword: string;
  args: string;
}

/** Instructions with continuation lines joined and comments dropped, as Docker reads them. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current: Instruction | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    // Comment lines inside a continued instruction are dropped too, as Docker does.
    if (trimmed.startsWith('#') || (trimmed === '' && !current)) continue;
    const continued = trimmed.endsWith('\\');
    const body = continued ? trimmed.slice(0, -1).trim() : trimmed;
    if (current) {
      current.args = `${current.args} ${body}`.trim();
    } else {
      const match = /^(\S+)\s*(.*)$/.exec(body);
      if (!match) continue;
      current = { line: i + 1, keyword: (match[1] ?? '').toUpperCase(), args: match[2] ?? '' };
    }
    if (!continued) {
      instructions.push(current);
      current = undefined;
    }
  }
  if (current) instructions.push(current);
  return instructions;
}

function withoutQuotes(command: string): string {
  return command.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '""');
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0]?.trim();
  return name === 'root' || name === '0';
}

export function lintDockerfile(text: string): DockerfileProblem[] {
  const problems: DockerfileProblem[] = [];
  const report = (line: number, rule: DockerfileRule, detail: string): void => {
    problems.push({ line, rule, message: `${DOCKERFILE_RULES[rule]}: ${detail}` });
  };
  const stages = new Set<string>();
  // ARGs before the first FROM may name the bases: their defaults are what a plain build uses.
  const globalArgs = new Map<string, string>();
  let pipefail = false;
  let lastFrom = 0;
  let lastUser: Instruction | undefined;
  for (const ins of parseDockerfile(text)) {
    switch (ins.keyword) {
      case 'ARG': {
        const match = /^(\w+)=(?:"([^"]*)"|(\S+))/.exec(ins.args);
        if (match?.[1] && lastFrom === 0) globalArgs.set(match[1], match[2] ?? match[3] ?? '');
        break;
      }
      case 'FROM': {
        const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
        const image = (words[0] ?? '').replace(
          /\$\{(\w+)\}|\$(\w+)/g,
          (whole, braced?: string, bare?: string) => globalArgs.get(braced ?? bare ?? '') ?? whole,
        );
        const alias = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
        const name = image.slice(image.lastIndexOf('/') + 1);
        if (image !== 'scratch' && !stages.has(image.toLowerCase()) && !image.includes('$')) {
          if (!name.includes(':') && !image.includes('@')) {
            report(ins.line, 'DL3006', `${image} has no tag`);
          } else if (name.endsWith(':latest')) {
            report(ins.line, 'DL3007', image);
          }
        }
        if (alias) stages.add(alias.toLowerCase());
        // SHELL and USER are per stage.
        pipefail = false;
        lastUser = undefined;
        lastFrom = ins.line;
        break;
      }
      case 'SHELL':
        pipefail = /"-o",\s*"pipefail"|-o pipefail/.test(ins.args);
        break;
      case 'USER':
        lastUser = ins;
        break;
      case 'ADD': {
        const sources = ins.args
          .split(/\s+/)
          .filter((w) => !w.startsWith('--'))
          .slice(0, -1);
        const local = sources.filter(
          (s) => !/^(https?:\/\/|git@)/.test(s) && !/\.tar(\.\w+)?$|\.tgz$/.test(s),
        );
        if (local.length > 0) report(ins.line, 'DL3020', local.join(' '));
        break;
      }
      case 'RUN': {
        const command = withoutQuotes(ins.args);
        if (/(^|[\s;&|(])sudo\s/.test(command)) report(ins.line, 'DL3004', 'sudo in RUN');
        if (/apt-get\s+(?:[-\w=]+\s+)*install\b/.test(command)) {
          if (!command.includes('--no-install-recommends')) {
            report(ins.line, 'DL3015', 'apt-get install without it');
          }
        }
        if (/apt-get\s+(?:[-\w=]+\s+)*(install|update)\b/.test(command)) {
          if (!/rm\s+-(rf|fr)\s+\/var\/lib\/apt\/lists/.test(command)) {
            report(ins.line, 'DL3009', 'add `&& rm -rf /var/lib/apt/lists/*`');
          }
        }
        const shellForm = !ins.args.trimStart().startsWith('[');
        if (shellForm && !pipefail && /(^|[^|])\|([^|]|$)/.test(command)) {
          report(ins.line, 'DL4006', 'a failure left of the pipe would go unnoticed');
        }
        break;
      }
    }
  }
  if (!lastUser) {
    report(lastFrom || 1, 'DL3002', 'the final stage sets no USER, so it runs as root');
  } else if (isRoot(lastUser.args)) {
    report(lastUser.line, 'DL3002', `the final stage ends as ${lastUser.args}`);
  }
  return problems;
}
