import { contract, type OperationEntry, type SpecParameter } from '@solifyn/contract';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiResponse, type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

/**
 * The string rule (http/strings.ts): NUL, unpaired surrogates and broken percent-encoding are a 400
 * validation_failed naming the input, in every position, on every operation — never a 500 from PostgreSQL.
 */
let api: TestApi;
let product: { id: string };
beforeEach(async () => {
  api = await testApi();
  product = await fixedProduct(api);
});

const v1 = contract().operations.filter((op) => op.path.startsWith('/v1/'));

function parametersOf(op: OperationEntry, where: 'query' | 'path'): SpecParameter[] {
  return (op.operation.parameters ?? [])
    .map((p, i) => contract().resolve(p, `${op.pointer}/parameters/${i}`).node)
    .filter((p) => p.in === where);
}

/** The operation's path with every parameter filled by `value` (already percent-encoded). */
function pathWith(op: OperationEntry, values: Record<string, string> = {}): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? 'x_valid');
}

function expectRefused(res: ApiResponse, pointer: string, detail?: RegExp): void {
  expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
  expect(res.body.errors).toContainEqual({ pointer, detail: expect.stringMatching(detail ?? /./) });
}

const nul = /U\+0000 \(NUL\)/;
const surrogate = /unpaired UTF-16 surrogate/;
const badEncoding = /not valid percent-encoded UTF-8/;

describe('query parameters: every string parameter of every list', () => {
  const cases = v1.flatMap((op) => parametersOf(op, 'query').map((p) => [op.operationId, p.name, op] as const));

  it.each(cases)('%s ?%s= with NUL', async (_id, name, op) => {
    expectRefused(await api.request(op.method.toUpperCase(), `${op.path}?${name}=a%00b`), `/query/${name}`, nul);
  });

  it.each(cases)('%s ?%s= with broken percent-encoding', async (_id, name, op) => {
    for (const raw of ['%ff', 'abc%', '%e2%82', '%ed%a0%80', '%zz']) {
      expectRefused(
        await api.request(op.method.toUpperCase(), `${op.path}?${name}=${raw}`),
        `/query/${name}`,
        badEncoding,
      );
    }
  });

  it('an unknown parameter is checked too, and a NUL in its name is shown as U+FFFD in the pointer', async () => {
    expectRefused(await api.request('GET', '/v1/products?extra=%00'), '/query/extra', nul);
    const res = await api.request('GET', '/v1/products?a%00%2Fb=1');
    expectRefused(res, '/query/a\uFFFD~1b', /parameter name contains U\+0000/);
    expectRefused(await api.request('GET', '/v1/products?%ff=1'), '/query/%ff', badEncoding);
  });

  it('a `+` is a space and a valid escape passes: only the broken ones are refused', async () => {
    const res = await api.request('GET', `/v1/checkout?productId=${encodeURIComponent('prod é+😀')}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });
});

describe('path parameters: every operation with an id in its path', () => {
  const cases = v1.flatMap((op) => parametersOf(op, 'path').map((p) => [op.operationId, p.name, op] as const));

  it.each(cases)('%s {%s} with NUL, then with broken percent-encoding', async (_id, name, op) => {
    expectRefused(await api.request(op.method.toUpperCase(), pathWith(op, { [name]: '%00' })), `/path/${name}`, nul);
    expectRefused(await api.request(op.method.toUpperCase(), pathWith(op, { [name]: 'id%00x' })), `/path/${name}`, nul);
    for (const raw of ['%ff', 'id%', '%c3', '%ed%bf%bf']) {
      expectRefused(
        await api.request(op.method.toUpperCase(), pathWith(op, { [name]: raw })),
        `/path/${name}`,
        badEncoding,
      );
    }
  });

  it('GET /v1/checkout/%00 (the measured 500) is a 400 naming checkoutId', async () => {
    const res = await api.request('GET', '/v1/checkout/%00');
    expectRefused(res, '/path/checkoutId', nul);
    expect(res.body.detail).toBe(
      'The request is invalid. /path/checkoutId: The value contains U+0000 (NUL), which cannot be stored.',
    );
  });

  it('a NUL outside any parameter (unknown route) points at /path', async () => {
    expectRefused(await api.request('GET', '/v1/pro%00ducts'), '/path', nul);
  });
});

describe('JSON body: any depth, values and object keys, every operation that takes a body', () => {
  const withBody = v1.filter((op) => op.operation.requestBody);
  const stringProperties = withBody.flatMap((op) => {
    const media = op.operation.requestBody!.content['application/json']!;
    const schema = contract().resolve(media.schema!, `${op.pointer}/requestBody`).node as Record<string, any>;
    return Object.entries<Record<string, any>>(schema.properties ?? {})
      .filter(([, s]) => (contract().resolve(s, op.pointer).node as Record<string, any>).type === 'string')
      .map(([name]) => [op.operationId, name, op] as const);
  });

  it.each(stringProperties)('%s /body/%s with NUL, then with a lone surrogate', async (_id, name, op) => {
    const path = pathWith(op);
    const method = op.method.toUpperCase();
    expectRefused(await api.request(method, path, { body: { [name]: 'a\u0000b' } }), `/body/${name}`, nul);
    expectRefused(await api.request(method, path, { body: { [name]: 'a\ud800b' } }), `/body/${name}`, surrogate);
  });

  it.each(withBody.map((op) => [op.operationId, op] as const))('%s: a NUL in a property name', async (_id, op) => {
    const res = await api.request(op.method.toUpperCase(), pathWith(op), { body: { 'x\u0000y': 1 } });
    expectRefused(res, '/body/x\uFFFDy', /property name contains U\+0000/);
  });

  it('createCheckoutSession: productId, discountCode, customFields and checkoutData (the measured 500s)', async () => {
    const create = (body: Record<string, unknown>) =>
      api.request('POST', '/v1/checkout/create', { body: { productId: product.id, ...body } });
    expectRefused(await create({ productId: 'prod_\u0000' }), '/body/productId', nul);
    expectRefused(await create({ discountCode: 'SAVE\u0000' }), '/body/discountCode', nul);
    expectRefused(await create({ customFields: { a: 'x\u0000' } }), '/body/customFields/a', nul);
    expectRefused(await create({ checkoutData: { 'k\u0000': 1 } }), '/body/checkoutData/k\uFFFD', nul);
    expectRefused(
      await create({ checkoutData: { list: [1, { deep: ['ok', '\udc00'] }] } }),
      '/body/checkoutData/list/1/deep/1',
      surrogate,
    );
    // RFC 6901 escaping of `~` and `/`, and a key with both a lone surrogate and NUL stays a storable pointer.
    const res = await create({ checkoutData: { 'a/b~c': { '\ud800\u0000': 'v' } } });
    expectRefused(res, '/body/checkoutData/a~1b~0c/\uFFFD\uFFFD', nul);
    expect(JSON.stringify(res.body)).not.toMatch(/\\u0000|\\ud800/i);
  });

  it('every offending string is listed, not just the first', async () => {
    const res = await api.request('POST', '/v1/checkout/create', {
      body: { productId: 'p\u0000', discountCode: '\udfff', customFields: { a: '\u0000', b: 'fine' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/productId',
      '/body/discountCode',
      '/body/customFields/a',
    ]);
  });

  it('at most 100 entries for a body full of NULs (the Problem schema bound)', async () => {
    const checkoutData = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`k${i}`, ['\u0000', '\u0000', '\u0000']]),
    );
    const res = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id, checkoutData } });
    expect([res.status, res.body.errors.length]).toEqual([400, 100]);
  });

  it('a body that is not UTF-8 is malformed_json, not silently repaired with U+FFFD', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"productId":"prod_'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"}'),
    ]);
    const res = await api.app.request('/v1/checkout/create', {
      method: 'POST',
      headers: { authorization: `Bearer ${api.account.key}`, 'content-type': 'application/json' },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('malformed_json');
  });

  it('JSON nested deeper than 64 levels is a 400, not a stack overflow in JSON.stringify', async () => {
    const depth = 200_000;
    const res = await api.request('POST', '/v1/checkout/create', {
      rawBody: `{"productId":"${product.id}","checkoutData":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-1' },
    });
    expectRefused(res, '/body', /nests deeper than 64 levels/);
  });
});

describe('headers we read: Idempotency-Key and Authorization', () => {
  /**
   * Fetch `Headers` refuse NUL (and Node's HTTP parser answers 400 itself, see strings.security.test.ts), so a
   * runtime that hands over unchecked header values is simulated by a Request whose headers return them.
   */
  async function withRawHeader(name: string, value: string): Promise<Response> {
    const checkout = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    // No body: the body limit would re-wrap the Request (and its headers) around a stream.
    const request = new Request(`http://localhost/v1/checkout/${checkout.body.id}/expire`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.account.key}` },
    });
    const real = request.headers;
    Object.defineProperty(request, 'headers', {
      value: {
        get: (header: string) => (header.toLowerCase() === name ? value : real.get(header)),
        has: (header: string) => header.toLowerCase() === name || real.has(header),
        forEach: real.forEach.bind(real),
      },
    });
    return api.app.fetch(request);
  }

  it.each([
    ['idempotency-key', 'key\u0000'],
    ['idempotency-key', 'key\ud83d'],
    ['authorization', `Bearer sk_test_\u0000`],
  ])('%s with %j', async (name, value) => {
    const res = await withRawHeader(name, value);
    const body = await res.json();
    expect([res.status, body.code]).toEqual([400, 'validation_failed']);
    expect(body.errors[0]).toEqual({ pointer: `/header/${name}`, detail: expect.stringMatching(/U\+0000|surrogate/) });
  });
});
