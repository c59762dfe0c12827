/**
 * Prints JavaScript values and code fragments as readable, deterministic TypeScript source.
 * Short structures stay on one line; longer ones break one entry per line, indented by two spaces.
 */

/** A fragment of source code to embed verbatim inside a printed literal. */
export class Code {
  constructor(readonly text: string) {}
}

export const code = (text: string): Code => new Code(text);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_LINE = 100;

/** Canonical integers stay bare so TypeScript types them as numbers (hono types `responses` by numeric status). */
const CANONICAL_INTEGER = /^(0|[1-9]\d*)$/;

export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) || CANONICAL_INTEGER.test(key) ? key : JSON.stringify(key);
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}

/** Prints `value` starting at column 0; nested lines are indented relative to it. */
export function printLiteral(value: unknown): string {
  if (value instanceof Code) return value.text;
  if (value === undefined) throw new Error('printLiteral: undefined cannot be printed');
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const parts = value.map(printLiteral);
    const oneLine = `[${parts.join(', ')}]`;
    if (!oneLine.includes('\n') && oneLine.length <= MAX_LINE) return oneLine;
    return `[\n${parts.map((p) => `${indent(p)},`).join('\n')}\n]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  // The key '...' marks a spread member: `{ a: 1, ...expr }`.
  const parts = entries.map(([k, v]) =>
    k === '...' ? `...${printLiteral(v)}` : `${propertyKey(k)}: ${printLiteral(v)}`,
  );
  const oneLine = `{ ${parts.join(', ')} }`;
  if (!oneLine.includes('\n') && oneLine.length <= MAX_LINE) return oneLine;
  return `{\n${parts.map((p) => `${indent(p)},`).join('\n')}\n}`;
}
