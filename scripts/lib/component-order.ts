/** Orders components/schemas so every schema is declared after the schemas it references. */

const SCHEMA_REF = '#/components/schemas/';

/** Names of component schemas referenced anywhere inside `node`. */
export function referencedSchemas(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) referencedSchemas(item, found);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)) {
        found.add(decodeURIComponent(value.slice(SCHEMA_REF.length)));
      } else {
        referencedSchemas(value, found);
      }
    }
  }
  return found;
}

/**
 * Depth-first topological order, alphabetical among independent schemas (deterministic).
 * Throws on a reference cycle, naming it: recursive schemas need `z.lazy`/getters and explicit
 * TypeScript annotations, which this generator does not emit yet.
 */
export function dependencyOrder(schemas: Record<string, unknown>): string[] {
  const names = Object.keys(schemas).sort();
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new Error(`recursive schemas are not supported yet: ${[...trail, name].join(' → ')}`);
    }
    if (!(name in schemas))
      throw new Error(`$ref to unknown schema #/components/schemas/${name} (from ${trail.at(-1)})`);
    state.set(name, 'visiting');
    for (const dep of [...referencedSchemas(schemas[name])].sort()) visit(dep, [...trail, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}
