import { contract, type OperationEntry } from '@solifyn/contract';
import { issueApiKey, revokeApiKey } from '../../src/store/accounts';
import type { Fixtures } from '../contract/harness';
import type { ApiResponse, TestApi } from './api';

/** A live key of the harness account and a test key of another account: neither may see the account's test objects. */
export async function outsiders(api: TestApi): Promise<[string, string][]> {
  const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
  const stranger = await api.newAccount('test');
  return [
    ['live key of the same account', live.secret],
    ['test key of another account', stranger.key],
  ];
}

/** A key of the harness account, revoked (and the revocation seen by the store cache, as a replica would). */
export async function revokedKey(api: TestApi): Promise<string> {
  const key = await issueApiKey(api.deps.db, { mode: 'test', accountId: api.account.account_id });
  await revokeApiKey(api.deps.db, { accountId: api.account.account_id, keyId: key.id });
  await api.deps.cache.sync();
  return key.secret;
}

/** The fixture a path parameter names (by the parameter's name in the spec). */
const fixtureForPathParam: Record<string, (fixtures: Fixtures) => string> = {
  checkoutId: (f) => f.checkoutId,
  productId: (f) => f.productId,
  discountId: (f) => f.discountId,
  orderId: (f) => f.orderId,
  webhookEndpointId: (f) => f.webhookEndpointId,
  eventId: (f) => f.eventId,
  refundId: (f) => f.refundId,
};

/** One operation of the spec, as a request on the harness account's fixtures. */
export interface OperationCall {
  operationId: string;
  method: string;
  /** The spec's path template. */
  template: string;
  /** The path parameter naming the object (`/path/<name>`), if any. */
  objectParam?: string;
  /** The code the operation's 404 declares for its object (x-problem-codes), if it has a path parameter. */
  notFoundCode?: string;
  /** Whether the operation pages (has `startingAfter`). */
  paged: boolean;
  /** The request body: the first example of the operation's JSON body in the spec. */
  body?: unknown;
}

function pathParamNames(op: OperationEntry): string[] {
  return [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function parameterNames(op: OperationEntry): string[] {
  return (op.operation.parameters ?? []).map(
    (p, i) => contract().resolve(p, `${op.pointer}/parameters/${i}`).node.name,
  );
}

function exampleBody(op: OperationEntry): unknown {
  const media = op.operation.requestBody?.content['application/json'] as
    { examples?: Record<string, { value?: unknown }> } | undefined;
  const first = Object.values(media?.examples ?? {})[0];
  return first === undefined ? undefined : contract().resolve(first, `${op.pointer}/requestBody`).node.value;
}

/** Every operation of the bundled spec that needs an API key. */
export function securedOperations(): OperationCall[] {
  return contract()
    .operations.filter((op) => op.requiresAuth)
    .map((op) => {
      const [objectParam] = pathParamNames(op);
      const codes = (op.operation.responses['404'] as { 'x-problem-codes'?: string[] } | undefined)?.[
        'x-problem-codes'
      ];
      return {
        operationId: op.operationId,
        method: op.method.toUpperCase(),
        template: op.path,
        objectParam,
        notFoundCode: objectParam ? codes?.find((code) => code !== 'route_not_found') : undefined,
        paged: parameterNames(op).includes('startingAfter'),
        body: exampleBody(op),
      };
    });
}

/**
 * Sends the operation with every path parameter set to the owner's fixture, the spec's example body and `key`
 * (null: no Authorization header).
 */
export function call(
  api: TestApi,
  fixtures: Fixtures,
  op: OperationCall,
  key: string | null,
  query = '',
): Promise<ApiResponse> {
  const path = op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const fixture = fixtureForPathParam[name];
    if (!fixture) throw new Error(`${op.operationId}: no fixture for path parameter ${name}`);
    return encodeURIComponent(fixture(fixtures));
  });
  return api.request(op.method, `${path}${query}`, { key, body: op.body });
}
