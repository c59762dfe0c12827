/**
 * The problem-code table of the spec, read once for every generated consumer: the SDK's per-status code unions
 * (emit-sdk-unions.ts) and the API's code → status map (apps/api/src/generated/problem-statuses.ts). The table is
 * the `NNN: code, code.` list in the ProblemCode schema's description (it also covers the HTTP-layer codes that no
 * operation declares), cross-checked against the enum and against every response's `x-problem-codes`; any
 * disagreement fails generation instead of producing a wrong table.
 */
import type { OpenApiDocument } from './bundle';
import { withHeader } from './header';
import { followRefs } from './json-pointer';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** status → codes, from the ProblemCode description, checked against the enum and every `x-problem-codes`. */
export function problemCodesByStatus(doc: OpenApiDocument): Map<number, Set<string>> {
  const byStatus = new Map<number, Set<string>>();
  const add = (status: number, code: string) => {
    const codes = byStatus.get(status) ?? new Set<string>();
    byStatus.set(status, codes.add(code));
  };

  const declared = new Map<string, Set<number>>(); // code → statuses of the responses that list it
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        const codes = (followRefs(doc, response) as Json)['x-problem-codes'];
        if (codes === undefined) continue;
        if (!Array.isArray(codes) || !/^[45]\d\d$/.test(status)) {
          throw new Error(`${method.toUpperCase()} ${path} ${status}: x-problem-codes must be a list on a 4xx/5xx`);
        }
        for (const code of codes as string[]) declared.set(code, (declared.get(code) ?? new Set()).add(Number(status)));
      }
    }
  }

  const schema = doc.components?.schemas?.ProblemCode;
  if (!isObject(schema)) {
    for (const [code, statuses] of declared) for (const status of statuses) add(status, code);
    return byStatus;
  }
  const enumeration = new Set((schema.enum as string[] | undefined) ?? []);
  const described = new Map<string, number>();
  for (const [, status, list] of String(schema.description ?? '').matchAll(/\b([45]\d\d): ([a-z0-9_, ]+)\./g)) {
    for (const code of list!.split(',').map((c) => c.trim())) {
      if (described.has(code)) throw new Error(`ProblemCode description lists ${code} twice`);
      described.set(code, Number(status));
    }
  }
  const problems: string[] = [];
  for (const code of enumeration) if (!described.has(code)) problems.push(`${code} has no status in the description`);
  for (const code of described.keys())
    if (!enumeration.has(code)) problems.push(`${code} is described but not in enum`);
  for (const [code, statuses] of declared) {
    if (!enumeration.has(code)) problems.push(`${code} is in x-problem-codes but not in the ProblemCode enum`);
    for (const status of statuses) {
      if (described.has(code) && described.get(code) !== status) {
        problems.push(`${code}: x-problem-codes says ${status}, the ProblemCode description ${described.get(code)}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`ProblemCode table disagrees with the spec:\n  ${problems.join('\n  ')}`);
  for (const [code, status] of described) add(status, code);
  return byStatus;
}

/**
 * apps/api/src/generated/problem-statuses.ts: code → HTTP status, so the server raises a problem by its code alone.
 * `satisfies Record<ProblemCode, number>` makes a code missing from the table (or one not in the enum) a compile
 * error in the generated file itself.
 */
export function emitProblemStatuses(doc: OpenApiDocument): string {
  const byCode = [...problemCodesByStatus(doc)]
    .flatMap(([status, codes]) => [...codes].map((code) => [code, status] as const))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const typed = isObject(doc.components?.schemas?.ProblemCode);
  const lines = [
    ...(typed ? ['import type { ProblemCode } from "./schemas";', ''] : []),
    '/** The HTTP status of every problem code (ProblemCode description, checked against x-problem-codes). */',
    'export const problemStatuses = {',
    ...byCode.map(([code, status]) => `  ${code}: ${status},`),
    `} as const${typed ? ' satisfies Record<ProblemCode, number>' : ''};`,
  ];
  return withHeader(lines.join('\n'));
}
