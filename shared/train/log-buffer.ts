/**
 * Keeps the whole log (up to a cap) and its last lines, for artifacts and failure messages.
 * Secrets are replaced before a line is kept, so neither the artifact nor a message can leak one.
 */
export class LogBuffer {
  readonly #chunks: string[] = [];
  #size = 0;
  #truncated = false;
  readonly #tail: string[] = [];
  readonly #secrets: readonly string[];

  constructor(
    secrets: readonly string[] = [],
    private readonly maxBytes = 20 * 1024 * 1024,
    private readonly tailLines = 30,
  ) {
    this.#secrets = secrets.filter((s) => s.length >= 4);
  }

  /** Adds a line and returns it with secrets hidden. */
  push(raw: string): string {
    let line = raw;
    for (const secret of this.#secrets) line = line.split(secret).join('***');
    this.#tail.push(line);
    if (this.#tail.length > this.tailLines) this.#tail.shift();
    if (this.#size + line.length + 1 > this.maxBytes) {
      this.#truncated = true;
      return line;
    }
    this.#chunks.push(line);
    this.#size += line.length + 1;
    return line;
  }

  tail(): string[] {
    return [...this.#tail];
  }

  text(): string {
    const body = this.#chunks.join('\n');
    return this.#truncated ? `${body}\n[log truncated at ${this.maxBytes} bytes]\n` : `${body}\n`;
  }
}

/** Splits a byte stream into lines, handing each complete line over as it arrives. */
export function lineSplitter(onLine: (line: string) => void): {
  write(chunk: Buffer | string): void;
  end(): void;
} {
  let pending = '';
  return {
    write(chunk) {
      pending += chunk.toString();
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    end() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}
