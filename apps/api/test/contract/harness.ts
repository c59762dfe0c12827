import {
  contract,
  type JsonSchema,
  type OperationEntry,
  type SpecParameter,
  formatViolation,
  hostileHeaderValue,
  hostileUrlComponent,
  hostileValue,
  observe,
  twisted,
  unstorable,
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
  refundId: string;
}

export interface FuzzRequest {
  method: string;
  /** Percent-encoded; may carry its own `?query` (hostile requests build theirs raw). */
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
  refundId: (f) => [f.refundId],
};

/** Body fields that name another object: mostly real ids, sometimes whatever the schema allows. */
const fixtureForBodyField: Record<string, (f: Fixtures) => unknown[]> = {
  productId: (f) => [f.productId, f.pwywProductId],
  discountCode: (f) => [f.discountCode],
  checkoutId: (f) => [f.checkoutId],
};

/** A real id most of the time; hostile requests sometimes bend it (a twin, a case change, a NUL appended). */
function fixtureChoice(choices: unknown[], hostile: boolean): fc.Arbitrary<unknown> {
  const real = fc.constantFrom(...choices);
  if (!hostile) return real;
  return fc.oneof(
    { weight: 3, arbitrary: real },
    { weight: 1, arbitrary: real.chain((value) => (typeof value === 'string' ? twisted(value) : fc.constant(value))) },
  );
}

function withFixtures(body: unknown, fixtures: Fixtures, hostile = false): fc.Arbitrary<unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return fc.constant(body);
  const record = body as Record<string, unknown>;
  const overrides: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [field, choices] of Object.entries(fixtureForBodyField)) {
    if (field in record)
      overrides[field] = fc.oneof(
        { weight: 4, arbitrary: fixtureChoice(choices(fixtures), hostile) },
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

/** A path parameter: a real fixture id `weight` times in `weight + 1`, else any schema-valid value. */
function knownOrValid(
  name: string,
  fixtures: Fixtures,
  valid: fc.Arbitrary<string>,
  weight: number,
): fc.Arbitrary<string> {
  const known = fixtureForPathParam[name]?.(fixtures) ?? [];
  return known.length ? fc.oneof({ weight, arbitrary: fc.constantFrom(...known) }, valid) : valid;
}

/** Requests valid by the schema: path, query, headers and body all generated from the spec. */
export function validRequest(operation: OperationEntry, fixtures: Fixtures): fc.Arbitrary<FuzzRequest> {
  const pathParts: Record<string, fc.Arbitrary<string>> = {};
  const query: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const p of parameters(operation)) {
    const valid = validValue(contract(), p.schema ?? {}).map((v) => String(v));
    if (p.in === 'path') {
      pathParts[p.name] = knownOrValid(p.name, fixtures, valid, 4);
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

type Body = Record<string, any>;

/**
 * Turns a generated body into one the business rules accept too (the fields a pricing or discount type takes,
 * a product that exists), keeping everything else generated — hostile text included — so requests get past the
 * business rules to storage and back. Other operations' bodies pass unchanged.
 */
const shapes: Record<string, (body: Body, fixtures: Fixtures) => Body> = {
  createProduct: (body) => ({
    ...body,
    prices: (Array.isArray(body.prices) ? (body.prices as Body[]) : []).map((price) =>
      body.pricingType === 'pay_what_you_want'
        ? { currency: price.currency, minimumAmount: 1, suggestedAmount: 2, maximumAmount: 100 }
        : { currency: price.currency, amount: Math.round(Number(price.amount ?? 5) * 100) / 100 },
    ),
    defaultCurrency: undefined,
  }),
  updateProduct: ({ prices: _p, defaultCurrency: _d, pricingType: _t, ...body }) => body,
  // expiresAt is bounded relative to the clock (30 min to 24 h), and successUrl must be a URI once its placeholders
  // are replaced: neither is the schema's to generate, so a generated one becomes one the rules accept.
  createCheckoutSession: (
    { checkoutId: _c, customPrice: _p, currency: _cur, expiresAt: _e, successUrl, ...body },
    fixtures,
  ) => ({
    ...body,
    ...(successUrl === undefined ? {} : { successUrl: 'https://example.com/thanks?checkout={CHECKOUT_ID}' }),
    productId: fixtures.productId,
  }),
  createDiscount: ({ percentOff, amountOff: _a, currency: _c, expiresAt: _e, productId: _p, ...body }) =>
    body.type === 'percent'
      ? { ...body, percentOff: Math.round(Number(percentOff ?? 10)) || 10 }
      : { ...body, amountOff: 2, currency: 'usd' },
};

export function businessShape(operationId: string, body: unknown, fixtures: Fixtures): unknown {
  const shape = shapes[operationId];
  return shape && body && typeof body === 'object' && !Array.isArray(body) ? shape(body as Body, fixtures) : body;
}

/** Percent-encoded path segments WHATWG URL would rewrite (`.`, `..`, empty) would leave the operation. */
function keepsRoute(segment: string): string {
  return segment === '' || /^(?:\.|%2e){1,2}$/i.test(segment) ? 'x' : segment;
}

/**
 * Requests with hostile text in every string position (see hostileValue): path parameters and query values
 * percent-encoded raw (broken escapes included), an unknown query parameter, `Idempotency-Key` on POST, and the
 * body. Real fixture ids most of the time, so many requests still get past validation to the handlers.
 */
export function hostileRequest(operation: OperationEntry, fixtures: Fixtures): fc.Arbitrary<FuzzRequest> {
  const pathParts: Record<string, fc.Arbitrary<string>> = {};
  const query: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const p of parameters(operation)) {
    const valid = validValue(contract(), p.schema ?? {}).map((v) => String(v));
    if (p.in === 'path') {
      pathParts[p.name] = hostileUrlComponent(knownOrValid(p.name, fixtures, valid, 3)).map(keepsRoute);
    } else if (p.in === 'query') {
      const base = p.name === 'productId' ? fc.constantFrom(fixtures.productId, fixtures.pwywProductId) : valid;
      query[p.name] = fc.option(hostileUrlComponent(base), { nil: undefined });
    }
  }
  const word = fc.stringMatching(/^[a-z]{1,8}$/);
  // Sometimes (a fifth, a quarter): an unknown query parameter, an Idempotency-Key — not so often that they
  // keep the body from the handlers.
  const sometimes = <T>(arb: fc.Arbitrary<T>, weight: number) =>
    fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  const extraQuery = sometimes(fc.tuple(hostileUrlComponent(word), hostileUrlComponent(word)), 4);
  const key = operation.method === 'post' ? sometimes(hostileHeaderValue, 3) : fc.constant(undefined);
  const body = bodySchema(operation);
  // Half the bodies shaped to pass the business rules: hostile text then reaches storage and comes back.
  const bodyArb = body
    ? fc
        .tuple(
          hostileValue(contract(), body.schema, body.pointer).chain((b) => withFixtures(b, fixtures, true)),
          fc.boolean(),
        )
        .map(([b, shaped]) => (shaped ? businessShape(operation.operationId, b, fixtures) : b))
    : fc.constant(undefined);
  return fc
    .record({ path: fc.record(pathParts), query: fc.record(query), extraQuery, key, body: bodyArb })
    .map((parts): FuzzRequest => {
      const pairs = Object.entries(parts.query).filter((entry): entry is [string, string] => entry[1] !== undefined);
      if (parts.extraQuery) pairs.push(parts.extraQuery);
      const search = pairs.length ? `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}` : '';
      return {
        method: operation.method,
        path: operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => parts.path[name] ?? 'x') + search,
        query: {},
        headers: parts.key === undefined ? {} : ({ 'idempotency-key': parts.key } as Record<string, string>),
        body: parts.body,
      };
    });
}

function decodeStrict(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** RFC 6901 token; NUL and unpaired surrogates shown as U+FFFD (as the API promises for its pointers). */
function pointerToken(token: string): string {
  const shown = unstorable(token) ? token.replaceAll('\u0000', '\uFFFD').toWellFormed() : token;
  return shown.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The oracle for hostile requests, independent of the server's code: every input the string rule must refuse
 * (NUL, an unpaired surrogate, broken percent-encoding), as the pointer the 400 must name.
 */
export function refusedInputs(operation: OperationEntry, request: FuzzRequest): Set<string> {
  const refused = new Set<string>();
  const [pathPart = '', queryPart] = request.path.split('?', 2) as [string, string | undefined];
  const segments = pathPart.split('/');
  operation.path.split('/').forEach((name, i) => {
    const param = /^\{(.+)\}$/.exec(name)?.[1];
    const value = decodeStrict(segments[i] ?? '');
    if (param && (value === undefined || unstorable(value))) refused.add(`/path/${param}`);
  });
  for (const pair of queryPart ? queryPart.split('&') : []) {
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const name = decodeStrict(rawName.replaceAll('+', ' '));
    const value = decodeStrict((eq === -1 ? '' : pair.slice(eq + 1)).replaceAll('+', ' '));
    if (name === undefined) refused.add(`/query/${pointerToken(rawName)}`);
    else if (unstorable(name) || value === undefined || unstorable(value)) refused.add(`/query/${pointerToken(name)}`);
  }
  if (refused.size > 0 || request.body === undefined) return refused;
  const walk = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') {
      if (unstorable(value)) refused.add(pointer);
    } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${pointer}/${i}`));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (unstorable(key)) refused.add(`${pointer}/${pointerToken(key)}`);
        walk(item, `${pointer}/${pointerToken(key)}`);
      }
    }
  };
  walk(request.body, '/body');
  return refused;
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

type Call = (method: string, path: string, body?: unknown) => Promise<any>;

/** The fixtures, through `ok` (a call that must succeed); `pay` completes one checkout session. */
async function fixturesVia(ok: Call, pay: (checkout: { id: string; checkout_url: string }) => Promise<void>) {
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
  // S, K and I have lookalikes (ſ, K, ı) the hostile requests swap in: none of them may apply the code.
  const discount = await ok('POST', '/v1/discounts', { code: 'FUZZ_SKI10', type: 'percent', percentOff: 10 });
  const endpoint = await ok('POST', '/v1/webhook_endpoints', {
    url: 'http://127.0.0.1:9/hook',
    events: ['checkout.completed', 'checkout.expired', 'order.created', 'refund.created', 'order.refunded'],
  });
  const checkout = await ok('POST', '/v1/checkout/create', { productId: product.id, discountCode: 'FUZZ_SKI10' });
  const expired = await ok('POST', '/v1/checkout/create', { productId: product.id });
  await ok('POST', `/v1/checkout/${expired.id}/expire`);
  await pay(await ok('POST', '/v1/checkout/create', { productId: product.id }));
  const orders = await ok('GET', '/v1/orders?limit=1');
  // 1.00 of the 10.00 order: it stays refundable for the operations' own examples.
  const refund = await ok('POST', `/v1/orders/${orders.data[0].id}/refunds`, { amount: 1, reason: 'other' });
  const events = await ok('GET', '/v1/events?limit=1');
  return {
    productId: product.id,
    pwywProductId: pwyw.id,
    checkoutId: checkout.id,
    sessionId: checkout.session_id,
    discountId: discount.id,
    discountCode: 'FUZZ_SKI10',
    webhookEndpointId: endpoint.id,
    eventId: events.data[0].id,
    orderId: orders.data[0].id,
    refundId: refund.id,
  };
}

export async function createFixtures(api: TestApi): Promise<Fixtures> {
  const { completeCheckout } = await import('../../src/services/complete-checkout');
  return fixturesVia(
    async (method, path, body) => {
      const res = await api.request(method, path, { body });
      if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async (checkout) => {
      const scope = { accountId: api.account.account_id, mode: 'test' as const };
      await completeCheckout(api.deps, scope, checkout.id, { customerEmail: 'fuzz@example.com' });
    },
  );
}

/** The same fixtures through a target's `fetch` only (a server in another process): the order is paid on the page. */
export async function createFixturesOver(target: Pick<FuzzTarget, 'fetch' | 'key'>): Promise<Fixtures> {
  const ok: Call = async (method, path, body) => {
    const response = await send(
      { ...target, otherModeKey: '', fixtures: undefined as never },
      {
        method,
        path,
        query: {},
        headers: {},
        body,
      },
    );
    const parsed = await response.json();
    if (response.status >= 300)
      throw new Error(`fixture ${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  };
  return fixturesVia(ok, async (checkout) => {
    const url = new URL(checkout.checkout_url);
    const page = await target.fetch(new Request(url));
    const fields: Record<string, string> = {};
    for (const [tag] of (await page.text()).matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(tag)?.[1];
      if (name) fields[name] = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '';
    }
    const form = {
      ...fields,
      email: 'fuzz@example.com',
      cardNumber: '4242424242424242',
      cardExpiry: '12/40',
      cardCvc: '123',
      cardName: 'Fuzz',
    };
    const paid = await target.fetch(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      }),
    );
    if (paid.status !== 303) throw new Error(`fixture payment on the hosted page: ${paid.status}`);
  });
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

const preview = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
};

/**
 * Hostile text anywhere: never a 5xx, always a response the spec documents; and when the request holds input the
 * string rule refuses, exactly a 400 validation_failed naming only such inputs (or 413 for an oversized body).
 */
export function assertHostile(target: FuzzTarget, op: OperationEntry, runs: PropertyRuns): Promise<void> {
  return fc.assert(
    fc.asyncProperty(hostileRequest(op, target.fixtures), async (request) => {
      const { status, body } = await conforming(op, await send(target, request));
      const sent = `${request.method.toUpperCase()} ${preview(request.path)} ${preview(request.headers)} ${preview(request.body)}`;
      if (status >= 500) throw new Error(`${op.operationId}: ${sent} answered ${status} ${preview(body)}`);
      const code = (request.body as { discountCode?: unknown } | undefined)?.discountCode;
      if (op.operationId === 'createCheckoutSession' && status === 201 && typeof code === 'string') {
        // Codes are ASCII and match ignoring ASCII case only: a twin, fullwidth or decomposed spelling never applies.
        const ascii = /^[\x21-\x7e]*$/.test(code) && code.toUpperCase() === target.fixtures.discountCode;
        if (!ascii) throw new Error(`${op.operationId}: ${sent} applied discount code ${JSON.stringify(code)}`);
      }
      const refused = refusedInputs(op, request);
      if (refused.size === 0 || status === 413) return;
      const pointers: string[] = (body?.errors ?? []).map((e: { pointer: string }) => e.pointer);
      if (status !== 400 || body?.code !== 'validation_failed' || pointers.length === 0) {
        throw new Error(
          `${op.operationId}: ${sent} holds refused input ${[...refused].join(', ')}, answered ${status} ${preview(body)}`,
        );
      }
      const stray = pointers.filter((pointer) => !refused.has(pointer));
      if (stray.length > 0)
        throw new Error(
          `${op.operationId}: ${sent} refused for ${stray.join(', ')}, expected only ${[...refused].join(', ')}`,
        );
    }),
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
      fc.oneof(
        fc.constantFrom<[string, string | null]>(
          ['no', null],
          ['a malformed', 'sk_test_short'],
          ['an unknown', `sk_test_${'0'.repeat(32)}`],
          ['a revoked', revokedKey],
        ),
        // Quotes, SQL, Latin-1 bytes, 10,000 characters… after the prefix, or instead of the key.
        hostileHeaderValue.map((text): [string, string] => ['a hostile', `sk_test_${text}`]),
        hostileHeaderValue.map((text): [string, string] => ['a hostile', text]),
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
