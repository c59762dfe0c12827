import { isObject, type Json, type JsonObject, type SpecDocument } from './types';

/** Follows local `$ref`s (`#/components/...`) until a non-reference object; returns it with the last schema name seen. */
export function deref(doc: SpecDocument, value: Json | undefined): { node: JsonObject | undefined; name?: string } {
  let node = value;
  let name: string | undefined;
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
    seen.add(ref);
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    const tokens = ref
      .slice(2)
      .split('/')
      .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
    if (match) name = tokens[2];
    let target: Json | undefined = doc;
    for (const token of tokens) target = isObject(target) ? target[token] : undefined;
    if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
    node = target;
  }
  return { node: isObject(node) ? node : undefined, ...(name ? { name } : {}) };
}

/** `Foo` for `#/components/schemas/Foo`, else undefined. */
export function refName(value: Json | undefined): string | undefined {
  if (!isObject(value) || typeof value.$ref !== 'string') return undefined;
  return /^#\/components\/schemas\/([^/]+)$/.exec(value.$ref)?.[1];
}
