import { describe, expect, it } from 'vitest';
import { compareDocuments, formatDifference, NORMALISATIONS } from './document-diff';
import { emittedDocument, loadBundledSpec } from './spec-support';

describe('emitted OpenAPI document (happy): the generated routes round-trip to the source spec', () => {
  const spec = loadBundledSpec();

  it('is semantically equal to openapi/dist/openapi.json', () => {
    const difference = compareDocuments(spec, emittedDocument(spec));
    expect(
      difference && formatDifference(difference),
      `normalisations applied:\n${NORMALISATIONS.map((n) => `- ${n.rule}`).join('\n')}`,
    ).toBeUndefined();
  });

  it('covers every operation of the source', () => {
    const emitted = emittedDocument(spec) as { paths: Record<string, Record<string, { operationId: string }>> };
    const ids = (doc: { paths: Record<string, Record<string, unknown>> }) =>
      Object.values(doc.paths)
        .flatMap((item) => Object.values(item).map((op) => (op as { operationId?: string }).operationId))
        .filter(Boolean)
        .sort();
    expect(ids(emitted)).toEqual(ids(spec));
  });

  it('can fail: a perturbed schema in a copy of the source is reported with operation, pointer and values', () => {
    const perturbed = structuredClone(spec);
    const request = perturbed.components?.schemas?.CheckoutSessionCreateRequest as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(request.properties.productId?.maxLength).toBe(64);
    request.properties.productId!.maxLength = 63;

    const difference = compareDocuments(perturbed, emittedDocument(spec));
    expect(difference).toMatchObject({
      operationId: 'createCheckoutSession',
      pointer:
        '/paths/~1v1~1checkout~1create/post/requestBody/content/application~1json/schema/properties/productId/maxLength',
      expected: 63,
      actual: 64,
    });
    expect(formatDifference(difference!)).toBe(
      [
        'operation createCheckoutSession differs at /paths/~1v1~1checkout~1create/post/requestBody/content/application~1json/schema/properties/productId/maxLength',
        '  expected (source): 63',
        '  actual (emitted):  64',
      ].join('\n'),
    );
  });

  it('can fail: a missing operation is reported', () => {
    const perturbed = structuredClone(spec);
    perturbed.paths['/v1/nowhere'] = { get: { operationId: 'getNowhere', responses: { '200': { description: 'x' } } } };
    expect(compareDocuments(perturbed, emittedDocument(spec))).toMatchObject({
      operationId: 'getNowhere',
      pointer: '/paths/~1v1~1nowhere/get',
      expected: 'operation',
      actual: undefined,
    });
  });
});
