/** RFC 6901 JSON Pointer helpers. */

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Appends tokens to a pointer: `join('/a', 'b/c')` → `/a/b~1c`. */
export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => `/${escapePointerToken(String(t))}`).join('');
}

/** Reads the value at a pointer (`#/…` or `/…`) inside a document; throws when absent. */
export function getAtPointer(doc: unknown, pointer: string): unknown {
  const path = pointer.replace(/^#/, '');
  if (path === '') return doc;
  let node: unknown = doc;
  for (const raw of path.slice(1).split('/')) {
    const token = unescapePointerToken(raw);
    if (node === null || typeof node !== 'object' || !(token in (node as Record<string, unknown>))) {
      throw new Error(`JSON pointer ${pointer} does not resolve (missing "${token}")`);
    }
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Follows `$ref`s to the node they name (local pointers only: the document is bundled). */
export function followRefs(doc: unknown, node: unknown, seen = new Set<string>()): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const ref = (node as Record<string, unknown>).$ref;
  if (typeof ref !== 'string') return node;
  if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
  seen.add(ref);
  return followRefs(doc, getAtPointer(doc, ref), seen);
}
