import { randomBytes } from 'node:crypto';

/**
 * Marks everything an injection could produce. Workflow-command payloads carry it right after the
 * command header, so a command line that starts with it can only come from a payload the runner
 * would have obeyed; the same marker escaped inside an annotation (`%0A::set-output…`) is harmless.
 */
export const MARKER = 'MLENVPWN';

export interface HostileString {
  id: string;
  value: string;
  /** No newline: fits one line of a line-based input (params, projects) or a git ref. */
  singleLine: boolean;
}

/** The workflow commands a payload tries; each must never reach the runner as a command. */
export const INJECTED_COMMANDS = [
  `::set-output name=status::${MARKER}-set-output`,
  `::save-state name=finished::${MARKER}-save-state`,
  `::set-env name=NODE_OPTIONS::--require=${MARKER}`,
  `::add-path::/tmp/${MARKER}-path`,
  `::add-mask::${MARKER}-mask`,
  `::error title=${MARKER}::${MARKER}-error`,
  `::warning file=${MARKER}.py,line=1::${MARKER}-warning`,
  `::notice::${MARKER}-notice`,
  `::stop-commands::${MARKER}-stop`,
  `::echo::on`,
  `::group::${MARKER}-group`,
] as const;

/**
 * The hostile strings, each trying to create its own file in `sentinelDir` by a different route:
 * shell substitution and chaining, `${IFS}` to get past space filtering, URL-encoded newlines for
 * code that decodes, git option injection (`--output=` makes git write a file), and workflow
 * commands for code that logs a value raw.
 */
export function hostileStrings(sentinelDir: string): HostileString[] {
  const touch = (n: string) => `touch ${sentinelDir}/pwned-${n}`;
  const ifs = (n: string) => `touch\${IFS}${sentinelDir}/pwned-${n}`;
  const strings: [string, string][] = [
    ['dollar-paren', `$(${touch('dollar-paren')})`],
    ['backtick', `\`${touch('backtick')}\``],
    ['semicolon', `x; ${touch('semicolon')}`],
    ['and', `x && ${touch('and')}`],
    ['or', `false || ${touch('or')}`],
    ['pipe', `x | ${touch('pipe')}`],
    ['background', `x & ${touch('background')} &`],
    ['ifs', `$(${ifs('ifs')})`],
    ['ifs-semicolon', `x;${ifs('ifs-semicolon')}`],
    ['quote-break', `'"; ${touch('quote-break')}; echo "'`],
    ['redirect', `x > ${sentinelDir}/pwned-redirect`],
    ['process-substitution', `<(${touch('process-substitution')})`],
    ['brace', `\${x:-$(${touch('brace')})}`],
    ['url-newline', `x%0a${touch('url-newline')}%0a`],
    ['url-newline-upper', `x%0A${touch('url-newline-upper')}`],
    ['git-option-output', `--output=${sentinelDir}/pwned-git-output`],
    ['git-option-upload-pack', `--upload-pack=${touch('git-upload-pack')}`],
    ['python-eval', `__import__('os').system('${touch('python-eval')}')`],
    ['json-break', `x","command":"${touch('json-break')}`],
    ['yaml-break', `x\n  command: [sh, -c, "${touch('yaml-break')}"]`],
    ['newline', `x\n${touch('newline')}\n`],
    ['carriage-return', `x\r${touch('carriage-return')}\r`],
    ['workflow-commands', `x\n${INJECTED_COMMANDS.join('\n')}\n`],
    ['workflow-commands-crlf', `x\r\n${INJECTED_COMMANDS.slice(0, 3).join('\r\n')}`],
    ['workflow-command-inline', `::set-output name=status::${MARKER}-inline`],
    ['output-heredoc', `x\nstatus<<EOF\n${MARKER}-heredoc\nEOF\nstatus=${MARKER}-line`],
    [
      'markdown-html',
      `<img src=x onerror=alert(1)><!-- mlenv:pr-report -->](javascript:${MARKER})`,
    ],
    ['path-traversal', `../../../../${sentinelDir.replace(/^\/+/, '')}/pwned-traversal`],
    [
      'unicode',
      `RTL\u202eexe.txt 🙂🧪 ñ 中文 עברית \u200b\u2028${MARKER}\u2029 $(${touch('unicode')})`,
    ],
    ['long', `${'A'.repeat(64 * 1024)}$(${touch('long')})`],
  ];
  return strings.map(([id, value]) => ({
    id,
    value,
    singleLine: !/[\r\n\u2028\u2029]/.test(value),
  }));
}

/**
 * The values each action input is tried with, one process per value: a few composites rather than
 * every string on its own keep the run short, and each string inside a composite still has its
 * own sentinel, so a hit names its route.
 */
export function inputPayloads(sentinelDir: string): HostileString[] {
  const all = hostileStrings(sentinelDir);
  const pick = (ids: string[]) => all.filter((s) => ids.includes(s.id));
  const byId = (id: string) => all.find((s) => s.id === id) as HostileString;
  const oneLine = all.filter((s) => s.singleLine && s.id !== 'long' && !s.id.startsWith('git-'));
  return [
    // Every form on one line: what a line-based input or an argv element sees.
    { id: 'composite-line', value: oneLine.map((s) => s.value).join(' '), singleLine: true },
    // Every form on its own line: what a shell script or a raw log line sees.
    {
      id: 'composite-lines',
      value: pick([
        'dollar-paren',
        'backtick',
        'semicolon',
        'newline',
        'workflow-commands',
        'output-heredoc',
        'yaml-break',
        'carriage-return',
      ])
        .map((s) => s.value)
        .join('\n'),
      singleLine: false,
    },
    byId('git-option-output'),
    byId('workflow-command-inline'),
    byId('long'),
    byId('unicode'),
  ];
}

/** A secret as it is seeded, and the forms in which it must never show up. */
export interface SeededSecret {
  shape: 'plain' | 'base64' | 'json' | 'multi-line';
  value: string;
  /** The value and what it could be turned into on its way out (encoded, split into lines). */
  needles: string[];
}

/**
 * Four secrets, fresh per test run so that nothing from an earlier run (a log, a cached file) can
 * be mistaken for a leak. Each is long and random enough never to occur by chance.
 */
export function seededSecrets(): Record<SeededSecret['shape'], SeededSecret> {
  const token = (n: number) => randomBytes(n).toString('hex');
  const plain = `mlenvsec_${token(20)}`;
  const base64 = randomBytes(48).toString('base64');
  const inner = `mlenvjson_${token(16)}`;
  const json = JSON.stringify({
    type: 'service_account',
    client_email: 'ci@example.iam',
    private_key_id: token(8),
    token: inner,
  });
  const pemBody = Array.from({ length: 4 }, () => randomBytes(48).toString('base64'));
  const multiLine = [
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    ...pemBody,
    '-----END OPENSSH PRIVATE KEY-----',
  ].join('\n');
  const encoded = (v: string) => [
    v,
    Buffer.from(v).toString('base64'),
    encodeURIComponent(v),
    JSON.stringify(v).slice(1, -1),
  ];
  return {
    plain: { shape: 'plain', value: plain, needles: encoded(plain) },
    base64: {
      shape: 'base64',
      value: base64,
      needles: [...encoded(base64), Buffer.from(base64, 'base64').toString('hex')],
    },
    json: {
      shape: 'json',
      value: json,
      needles: [...encoded(json), inner, Buffer.from(inner).toString('base64')],
    },
    'multi-line': {
      shape: 'multi-line',
      value: multiLine,
      // A masker that knows only the whole value misses a line printed alone.
      needles: [...encoded(multiLine), ...pemBody, multiLine.replaceAll('\n', '%0A')],
    },
  };
}
