/**
 * Deterministic JSON: object keys sorted (code-point order) at every level, except
 * - the children of `properties`, whose order is the author's field order (it shows in docs, SDK
 *   types and zod shapes), and
 * - instance data (`example`, `examples` arrays, Example Object `value`, `default`, `const`, `enum`),
 *   which is kept exactly as written.
 */

const DATA_KEYS = new Set(['example', 'value', 'default', 'const', 'enum']);

export function sortKeysDeep(value: unknown, parentKey?: string): unknown {
  if (parentKey !== undefined && DATA_KEYS.has(parentKey)) return value;
  if (parentKey === 'examples' && Array.isArray(value)) return value;
  if (Array.isArray(value)) return value.map((v) => sortKeysDeep(v));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (parentKey !== 'properties') entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  // Children of `properties` are schemas named by the author: a field called `example` is no data key.
  for (const [k, v] of entries) out[k] = sortKeysDeep(v, parentKey === 'properties' ? undefined : k);
  return out;
}

export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}
