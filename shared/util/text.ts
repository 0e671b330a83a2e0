// Small pieces of wording shared by the reports.

/** `1 GPU`, `2 GPUs`; `many` for a plural that is not the word and an s. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The first line of a text that says anything, trimmed: the gist of a tool's output. */
export function firstNonEmptyLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

/** Text made safe for one cell of a Markdown table: no pipe ends the cell, no newline the row. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
