/** The whole pipeline on a tiny multi-file fixture: deterministic, headed, ordered, coercing parameters. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dependencyOrder } from '../../../../scripts/lib/component-order';
import { generateAll, OUTPUT_PATHS } from '../../../../scripts/lib/generate-all';
import { GENERATED_HEADER } from '../../../../scripts/lib/header';
import { sortKeysDeep } from '../../../../scripts/lib/stable-json';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixture = 'apps/api/test/generator/fixtures/mini/openapi.yaml';

describe('pnpm generate (happy)', () => {
  it('is deterministic and every TypeScript output carries the generated header', async () => {
    const first = await generateAll(repoRoot, fixture);
    const second = await generateAll(repoRoot, fixture);
    expect([...second]).toEqual([...first]);
    expect([...first.keys()].sort()).toEqual(Object.values(OUTPUT_PATHS).sort());
    for (const [path, content] of first)
      if (path.endsWith('.ts')) expect(content.startsWith(`${GENERATED_HEADER}\n`)).toBe(true);

    const schemas = first.get(OUTPUT_PATHS.schemas)!;
    const at = (name: string) => schemas.indexOf(`export const ${name} =`);
    expect(at('CheckoutSession')).toBeLessThan(at('CheckoutSessionList'));
    expect(at('Order')).toBeLessThan(at('Event'));
    expect(schemas).toContain('export type Event = z.infer<typeof Event>;');

    const routes = first.get(OUTPUT_PATHS.routes)!;
    expect(routes).toContain('limit: z.preprocess(fromString.number, z.int().min(1).max(100))');
    expect(routes).toContain('active: z.preprocess(fromString.boolean, z.boolean())');
    expect(routes).toContain('"idempotency-key": z.string().min(1).max(255)');
    expect(routes).toContain('"x-sdk-method": "retrieveSession"');
    expect(routes).toContain('export type OperationId = keyof typeof routes;');

    // No ProblemCode schema in the fixture: the table comes from x-problem-codes alone, untyped.
    expect(first.get(OUTPUT_PATHS.problemStatuses)).toContain(
      'export const problemStatuses = {\n  checkout_not_found: 404,\n} as const;',
    );
  });

  it('types the code → status table by the ProblemCode enum when the spec has one', async () => {
    const table = (await generateAll(repoRoot)).get(OUTPUT_PATHS.problemStatuses)!;
    expect(table).toContain('import type { ProblemCode } from "./schemas";');
    expect(table).toContain('  checkout_not_open: 409,');
    expect(table).toContain('} as const satisfies Record<ProblemCode, number>;');
  });

  it('orders dependencies first and alphabetically otherwise', () => {
    const ref = (n: string) => ({ $ref: `#/components/schemas/${n}` });
    expect(
      dependencyOrder({ C: { type: 'string' }, B: { items: ref('C') }, A: { properties: { b: ref('B') } } }),
    ).toEqual(['C', 'B', 'A']);
  });

  it('sorts keys but keeps property order and instance data as written', () => {
    const sorted = sortKeysDeep({
      type: 'object',
      properties: { z: { type: 'string', example: { b: 1, a: 2 } }, a: { type: 'string' } },
    });
    expect(JSON.stringify(sorted)).toBe(
      '{"properties":{"z":{"example":{"b":1,"a":2},"type":"string"},"a":{"type":"string"}},"type":"object"}',
    );
  });
});
