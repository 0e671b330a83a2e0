/** Keeps the whole log (up to a cap) and its last lines, for artifacts and failure messages. */
export class LogBuffer {
  readonly #chunks: string[] = [];
  #size = 0;
  #truncated = false;
  readonly #tail: string[] = [];

  constructor(
    private readonly maxBytes = 20 * 1024 * 1024,
    private readonly tailLines = 30,
  ) {}

  push(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > this.tailLines) this.#tail.shift();
    if (this.#size + line.length + 1 > this.maxBytes) {
      this.#truncated = true;
      return;
    }
    this.#chunks.push(line);
    this.#size += line.length + 1;
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
