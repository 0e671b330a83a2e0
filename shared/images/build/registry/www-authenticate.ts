/** One challenge of a `WWW-Authenticate` header: `Bearer realm="...",service="...",scope="..."`. */
export interface Challenge {
  /** Lower case: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lower case, values unquoted. */
  params: Record<string, string>;
}

/**
 * The challenges of a `WWW-Authenticate` header (RFC 9110 section 11.6.1): several may share one
 * header, separated by commas like their parameters, and a quoted value may hold commas and
 * escaped quotes. Registries send `Bearer` (the token flow of the distribution spec) or `Basic`.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let i = 0;
  const skip = (pattern: RegExp) => {
    while (i < header.length && pattern.test(header.charAt(i))) i++;
  };
  const token = (): string => {
    const start = i;
    skip(/[!#$%&'*+.^_`|~\w-]/);
    return header.slice(start, i);
  };
  while (i < header.length) {
    skip(/[\s,]/);
    const scheme = token();
    if (!scheme) {
      i++;
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    for (;;) {
      const before = i;
      skip(/[\s,]/);
      const name = token();
      skip(/\s/);
      if (!name || header.charAt(i) !== '=') {
        // Not a parameter: the next challenge's scheme starts here.
        i = before;
        break;
      }
      i++;
      skip(/\s/);
      challenge.params[name.toLowerCase()] = header.charAt(i) === '"' ? quoted() : bare();
    }
  }
  return challenges;

  // Registries quote every value; an unquoted one is taken up to the next comma.
  function bare(): string {
    const start = i;
    skip(/[^\s,]/);
    return header.slice(start, i);
  }

  function quoted(): string {
    let value = '';
    i++;
    while (i < header.length && header.charAt(i) !== '"') {
      if (header.charAt(i) === '\\' && i + 1 < header.length) i++;
      value += header.charAt(i);
      i++;
    }
    i++;
    return value;
  }
}
