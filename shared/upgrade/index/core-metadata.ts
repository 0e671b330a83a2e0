/** A wheel's METADATA (core metadata): RFC 822 headers, then the long description as the body. */
export interface CoreMetadata {
  /** Values by lowercased field name, in order; multiple-use fields (Requires-Dist) have several. */
  fields: ReadonlyMap<string, readonly string[]>;
  name?: string;
  version?: string;
  requiresPython?: string;
  requiresDist: string[];
}

export function parseCoreMetadata(text: string): CoreMetadata {
  const fields = new Map<string, string[]>();
  let last: { key: string; index: number } | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    // The headers end at the first empty line; the description body follows.
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      // A folded continuation of the previous field.
      if (last) {
        const values = fields.get(last.key) as string[];
        values[last.index] = `${values[last.index]}\n${line.trim()}`;
      }
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = fields.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(key, values);
    last = { key, index: values.length - 1 };
  }
  const first = (key: string): string | undefined => fields.get(key)?.[0];
  return {
    fields,
    name: first('name'),
    version: first('version'),
    requiresPython: first('requires-python'),
    requiresDist: [...(fields.get('requires-dist') ?? [])],
  };
}
