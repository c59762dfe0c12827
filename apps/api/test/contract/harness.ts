import {
  contract,
  type JsonSchema,
  type OperationEntry,
  type SpecParameter,
  formatViolation,
  observe,
  validValue,
  wrongTypeValue,
} from '@solifyn/contract';
import fc from 'fast-check';
import type { TestApi } from '../support/api';
import { recordCoverage } from '../support/coverage';

/** What a fuzz run sends requests to: any `fetch`-shaped app (the real one, or a deliberately broken copy). */
export interface FuzzTarget {
  fetch: (request: Request) => Response | Promise<Response>;
  key: string;
  /** A key of the same account in the other mode: must never see the fixtures. */
  otherModeKey: string;
  fixtures: Fixtures;
}

/** Real objects the generated requests can point at, so valid requests reach the business rules. */
export interface Fixtures {
  productId: string;
  pwywProductId: string;
  checkoutId: string;
  sessionId: string;
  discountId: string;
  discountCode: string;
  webhookEndpointId: string;
  eventId: string;
  orderId: string;
}

export interface FuzzRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** JSON body, or a raw string when `raw` is set. */
  body?: unknown;
  raw?: string;
}

export const fuzzStats = { requests: 0 };

export function fuzzSettings(): { seed: number; numRuns: number } {
  const numRuns = Number(process.env.FUZZ_RUNS ?? 25);
  const seedText = process.env.FUZZ_SEED ?? '20261124';
  const seed = seedText === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedText);
  return { seed, numRuns };
}

export async function send(
  target: FuzzTarget,
  request: FuzzRequest,
  key: string | null = target.key,
): Promise<Response> {
  const url = new URL(request.path, 'http://localhost:3000');
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
  const headers = new Headers(request.headers);
  if (key !== null) headers.set('authorization', `Bearer ${key}`);
  let body: string | undefined = request.raw;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers.set('content-type', 'application/json');
  } else if (request.raw !== undefined && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  fuzzStats.requests++;
  return target.fetch(new Request(url, { method: request.method.toUpperCase(), headers, body }));
}

/** Fails naming the operation, status and pointer when the response leaves the spec; records coverage. */
export async function conforming(
  operation: OperationEntry,
  response: Response,
): Promise<{ status: number; body: any }> {
  const observed = await observe(response);
  const violation = contract().checkResponse(operation.operationId, observed);
  if (violation) throw new Error(`Response does not follow the spec: ${formatViolation(violation)}`);
  recordCoverage(operation.operationId, observed.status);
  return { status: observed.status, body: observed.body };
}

function parameters(operation: OperationEntry): SpecParameter[] {
  return (operation.operation.parameters ?? []).map(
    (p, i) => contract().resolve(p, `${operation.pointer}/parameters/${i}`).node,
  );
}

export function bodySchema(operation: OperationEntry): { schema: JsonSchema; pointer: string } | undefined {
  const media = operation.operation.requestBody?.content['application/json'];
  if (!media?.schema) return undefined;
  return { schema: media.schema, pointer: `${operation.pointer}/requestBody/content/application~1json/schema` };
}

const fixtureForPathParam: Record<string, (f: Fixtures) => string[]> = {
  checkoutId: (f) => [f.checkoutId, f.sessionId],
  productId: (f) => [f.productId, f.pwywProductId],
  discountId: (f) => [f.discountId],
  orderId: (f) => [f.orderId],
  webhookEndpointId: (f) => [f.webhookEndpointId],
  eventId: (f) => [f.eventId],
};

/** Body fields that name another object: mostly real ids, sometimes whatever the schema allows. */
const fixtureForBodyField: Record<string, (f: Fixtures) => unknown[]> = {
  productId: (f) => [f.productId, f.pwywProductId],
  discountCode: (f) => [f.discountCode],
  checkoutId: (f) => [f.checkoutId],
};

function withFixtures(body: unknown, fixtures: Fixtures): fc.Arbitrary<unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return fc.constant(body);
  const record = body as Record<string, unknown>;
  const overrides: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [field, choices] of Object.entries(fixtureForBodyField)) {
    if (field in record)
      overrides[field] = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...choices(fixtures)) },
        fc.constant(record[field]),
      );
  }
  return fc
    .tuple(
      fc.record(overrides),
      fc.shuffledSubarray(supportedCurrencies, { minLength: supportedCurrencies.length }),
      fc.nat(9),
    )
    .map(([chosen, currencies, dice]) => {
      const merged = { ...record, ...chosen };
      // Mostly currencies we sell in (distinct per occurrence, so prices stay one per currency), else as generated.
      return dice < 8 ? replaceCurrencies(merged, currencies) : merged;
    });
}

const supportedCurrencies = ['usd', 'eur', 'gbp', 'cad', 'aud', 'jpy', 'chf', 'sek', 'nok', 'dkk', 'pln', 'inr', 'brl'];

function replaceCurrencies(value: unknown, currencies: string[], next = { index: 0 }): unknown {
  if (Array.isArray(value)) return value.map((item) => replaceCurrencies(item, currencies, next));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      key === 'currency'
        ? [key, currencies[next.index++ % currencies.length]]
        : [key, replaceCurrencies(item, currencies, next)],
    ),
  );
}

/** Requests valid by the schema: path, query, headers and body all generated from the spec. */
export function validRequest(operation: OperationEntry, fixtures: Fixtures): fc.Arbitrary<FuzzRequest> {
  const pathParts: Record<string, fc.Arbitrary<string>> = {};
  const query: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const p of parameters(operation)) {
    const valid = validValue(contract(), p.schema ?? {}).map((v) => String(v));
    if (p.in === 'path') {
      const known = fixtureForPathParam[p.name]?.(fixtures) ?? [];
      pathParts[p.name] = known.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, valid) : valid;
    } else if (p.in === 'query') {
      query[p.name] = fc.option(
        p.name === 'productId' ? fc.constantFrom(fixtures.productId, fixtures.pwywProductId) : valid,
        {
          nil: undefined,
        },
      );
    }
  }
  const body = bodySchema(operation);
  const bodyArb = body
    ? validValue(contract(), body.schema, body.pointer).chain((b) => withFixtures(b, fixtures))
    : fc.constant(undefined);
  return fc.record({ path: fc.record(pathParts), query: fc.record(query), body: bodyArb }).map((parts) => ({
    method: operation.method,
    path: operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(parts.path[name] ?? '')),
    query: Object.fromEntries(Object.entries(parts.query).filter(([, v]) => v !== undefined)) as Record<string, string>,
    headers: {},
    body: parts.body,
  }));
}

export type Mutation = { name: string; apply: (request: FuzzRequest) => FuzzRequest };

/** Mutations that make a request invalid by the spec, each for sure: the server must answer a documented 4xx. */
export function mutations(operation: OperationEntry): Mutation[] {
  const list: Mutation[] = [];
  const body = bodySchema(operation);
  if (body) {
    const { node } = contract().resolve(body.schema, body.pointer);
    const schema = node as Record<string, any>;
    const properties: Record<string, JsonSchema> = schema.properties ?? {};
    list.push({
      name: 'unknown property',
      apply: (r) => ({ ...r, body: { ...(r.body as object), zzUnknownField: 1 } }),
    });
    list.push({ name: 'malformed JSON', apply: (r) => ({ ...r, body: undefined, raw: '{"broken": ' }) });
    list.push({ name: 'body not an object', apply: (r) => ({ ...r, body: ['not', 'an', 'object'] }) });
    for (const field of schema.required ?? []) {
      list.push({
        name: `missing required ${field}`,
        apply: (r) => {
          const { [field]: _dropped, ...rest } = r.body as Record<string, unknown>;
          return { ...r, body: rest };
        },
      });
    }
    for (const [field, propSchema] of Object.entries(properties)) {
      const resolved = contract().resolve(propSchema, `${body.pointer}/properties/${field}`).node as Record<
        string,
        any
      >;
      const wrong = wrongTypeValue(contract(), propSchema, `${body.pointer}/properties/${field}`);
      if (wrong !== undefined) {
        list.push({
          name: `wrong type for ${field}`,
          apply: (r) => ({ ...r, body: { ...(r.body as object), [field]: wrong } }),
        });
      }
      if (typeof resolved.maximum === 'number') {
        list.push({
          name: `${field} above maximum`,
          apply: (r) => ({ ...r, body: { ...(r.body as object), [field]: resolved.maximum + 1 } }),
        });
      }
      const lowest = resolved.exclusiveMinimum ?? resolved.minimum;
      if (typeof lowest === 'number') {
        list.push({
          name: `${field} below minimum`,
          apply: (r) => ({ ...r, body: { ...(r.body as object), [field]: lowest - 1 } }),
        });
      }
      if (typeof resolved.maxLength === 'number') {
        list.push({
          name: `${field} too long`,
          apply: (r) => ({ ...r, body: { ...(r.body as object), [field]: 'a'.repeat(resolved.maxLength + 1) } }),
        });
      }
    }
  }
  for (const p of parameters(operation)) {
    if (p.in !== 'query') continue;
    const s = p.schema as Record<string, any> | undefined;
    if (s?.type === 'integer') {
      list.push({
        name: `query ${p.name} not a number`,
        apply: (r) => ({ ...r, query: { ...r.query, [p.name]: 'abc' } }),
      });
      if (typeof s.maximum === 'number') {
        list.push({
          name: `query ${p.name} too large`,
          apply: (r) => ({ ...r, query: { ...r.query, [p.name]: String(s.maximum + 1) } }),
        });
      }
    }
    const resolved = contract().resolve(s ?? {}, `${operation.pointer}/parameters`).node as Record<string, any>;
    if (Array.isArray(resolved.enum) || resolved.type === 'boolean') {
      list.push({
        name: `query ${p.name} not allowed`,
        apply: (r) => ({ ...r, query: { ...r.query, [p.name]: 'zz-not-allowed' } }),
      });
    }
  }
  if (operation.method === 'post') {
    list.push({
      name: 'Idempotency-Key too long',
      apply: (r) => ({ ...r, headers: { ...r.headers, 'idempotency-key': 'k'.repeat(256) } }),
    });
  }
  return list;
}

export async function createFixtures(api: TestApi): Promise<Fixtures> {
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await api.request(method, path, { body });
    if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const product = await ok('POST', '/v1/products', {
    name: 'Fuzz product',
    prices: [
      { currency: 'usd', amount: 10 },
      { currency: 'eur', amount: 9 },
    ],
  });
  const pwyw = await ok('POST', '/v1/products', {
    name: 'Fuzz PWYW',
    pricingType: 'pay_what_you_want',
    prices: [{ currency: 'usd', minimumAmount: 1, maximumAmount: 1000, suggestedAmount: 5 }],
  });
  const discount = await ok('POST', '/v1/discounts', { code: 'FUZZ10', type: 'percent', percentOff: 10 });
  const endpoint = await ok('POST', '/v1/webhook_endpoints', {
    url: 'http://127.0.0.1:9/hook',
    events: ['checkout.completed', 'checkout.expired', 'order.created'],
  });
  const checkout = await ok('POST', '/v1/checkout/create', { productId: product.id, discountCode: 'FUZZ10' });
  const expired = await ok('POST', '/v1/checkout/create', { productId: product.id });
  await ok('POST', `/v1/checkout/${expired.id}/expire`);
  const { completeCheckout } = await import('../../src/services/complete-checkout');
  const paid = await ok('POST', '/v1/checkout/create', { productId: product.id });
  const { order } = await completeCheckout(api.deps, { accountId: api.account.account_id, mode: 'test' }, paid.id, {
    customerEmail: 'fuzz@example.com',
  });
  const events = await ok('GET', '/v1/events?limit=1');
  return {
    productId: product.id,
    pwywProductId: pwyw.id,
    checkoutId: checkout.id,
    sessionId: checkout.session_id,
    discountId: discount.id,
    discountCode: 'FUZZ10',
    webhookEndpointId: endpoint.id,
    eventId: events.data[0].id,
    orderId: order.id,
  };
}

/** The operations of the spec, for `it.each`. */
export function operations(): OperationEntry[] {
  return contract().operations;
}

export interface PropertyRuns {
  seed: number;
  numRuns: number;
  /** fast-check puts the failing check's message in its report, so CI output names the operation. */
  includeErrorInReport?: boolean;
}

/** Schema-valid requests: never a 5xx, never a schema 400; whatever comes back follows the spec. */
export function assertPositive(target: FuzzTarget, op: OperationEntry, runs: PropertyRuns): Promise<void> {
  return fc.assert(
    fc.asyncProperty(validRequest(op, target.fixtures), async (request) => {
      const { status, body } = await conforming(op, await send(target, request));
      if (status >= 500 || (status === 400 && body?.code === 'validation_failed')) {
        throw new Error(`${op.operationId}: valid request answered ${status} ${JSON.stringify(body)}`);
      }
    }),
    { includeErrorInReport: true, ...runs },
  );
}

/**
 * Each mutation the spec forbids: a documented 4xx problem document, never 2xx or 5xx. `focus` narrows the
 * mutations and the base requests (to aim at one rule).
 */
export function assertNegative(
  target: FuzzTarget,
  op: OperationEntry,
  runs: PropertyRuns,
  focus: { mutation?: (m: Mutation) => boolean; requests?: fc.Arbitrary<FuzzRequest> } = {},
): Promise<void> {
  const chosen = mutations(op).filter(focus.mutation ?? (() => true));
  return fc.assert(
    fc.asyncProperty(
      focus.requests ?? validRequest(op, target.fixtures),
      fc.constantFrom(...chosen),
      async (request, mutation) => {
        const response = await send(target, mutation.apply(request));
        const { status, body } = await conforming(op, response);
        if (status < 400 || status >= 500) {
          throw new Error(`${op.operationId}: "${mutation.name}" answered ${status} ${JSON.stringify(body)}`);
        }
        if (response.headers.get('content-type') !== 'application/problem+json') {
          throw new Error(`${op.operationId}: "${mutation.name}" answered ${status} without application/problem+json`);
        }
      },
    ),
    { includeErrorInReport: true, ...runs },
  );
}

/** Without a usable key (none, malformed, unknown, revoked): 401 and no data, whatever the request. */
export function assertNeedsKey(
  target: FuzzTarget,
  op: OperationEntry,
  revokedKey: string,
  runs: PropertyRuns,
): Promise<void> {
  return fc.assert(
    fc.asyncProperty(
      validRequest(op, target.fixtures),
      fc.constantFrom<[string, string | null]>(
        ['no', null],
        ['a malformed', 'sk_test_short'],
        ['an unknown', `sk_test_${'0'.repeat(32)}`],
        ['a revoked', revokedKey],
      ),
      async (request, [name, key]) => {
        const { status, body } = await conforming(op, await send(target, request, key));
        if (status !== 401)
          throw new Error(`${op.operationId}: ${name} key answered ${status} ${JSON.stringify(body)}`);
      },
    ),
    { includeErrorInReport: true, ...runs },
  );
}
