import type { AppDeps } from '../deps';
import type { Scope } from '../domain/scope';
import type { IdempotentRequest } from '../store/idempotency';
import type { RequestRoute } from './access-log';

/** Who is calling: the account and mode of the presented secret key. Everything they see is scoped by both. */
export interface Caller extends Scope {
  keyId: string;
  /** The key's public prefix (`sk_test_AbCd`), for logs. */
  keyPrefix: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    caller: Caller;
    /** Set on a POST with an `Idempotency-Key` (see http/idempotency.ts). */
    idempotency: IdempotentRequest | undefined;
    /** The operation whose handler answers (set as it starts; see http/access-log.ts). */
    operation?: RequestRoute;
    /** The JSON request body, parsed once by the string check (http/strings.ts) for operations that take one. */
    jsonBody?: { value: unknown };
  };
}
