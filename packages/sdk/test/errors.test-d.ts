/** Problem codes: the spec's union on APIError, narrowed per error class by the statuses it covers. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type APIError,
  type AuthenticationError,
  type BadRequestError,
  type components,
  type ConflictError,
  type InternalServerError,
  type NotFoundError,
  type PayloadTooLargeError,
  type PermissionDeniedError,
  type ProblemCode,
  type ProblemCodeFor,
  type ProblemCodesByStatus,
  type ProblemFieldError,
  type RateLimitError,
  type UnprocessableEntityError,
} from '../src/index';

type Schemas = components['schemas'];

describe('APIError.code', () => {
  it('is the generated ProblemCode union, which equals the spec enum', () => {
    expectTypeOf<ProblemCode>().toEqualTypeOf<Schemas['ProblemCode']>();
    expectTypeOf<APIError['code']>().toEqualTypeOf<ProblemCode | undefined>();
    expectTypeOf<ProblemCodesByStatus[keyof ProblemCodesByStatus]>().toEqualTypeOf<ProblemCode>();
  });

  it('is narrowed by each error class to the codes of its status', () => {
    expectTypeOf<NotFoundError['code']>().toEqualTypeOf<ProblemCodeFor<404> | undefined>();
    expectTypeOf<UnprocessableEntityError['code']>().toEqualTypeOf<ProblemCodeFor<422> | undefined>();
    expectTypeOf<BadRequestError['code']>().toEqualTypeOf<ProblemCodeFor<400> | undefined>();
    expectTypeOf<AuthenticationError['code']>().toEqualTypeOf<'invalid_api_key' | 'missing_api_key' | undefined>();
    expectTypeOf<ConflictError['code']>().toEqualTypeOf<
      'checkout_not_open' | 'discount_code_taken' | 'idempotency_key_in_use' | undefined
    >();
    expectTypeOf<PayloadTooLargeError['code']>().toEqualTypeOf<'payload_too_large' | undefined>();
    expectTypeOf<RateLimitError['code']>().toEqualTypeOf<'rate_limited' | undefined>();
    expectTypeOf<InternalServerError['code']>().toEqualTypeOf<'internal_error' | 'service_unavailable' | undefined>();
    // The spec documents no 403 code.
    expectTypeOf<PermissionDeniedError['code']>().toEqualTypeOf<undefined>();
    expectTypeOf<NotFoundError['status']>().toEqualTypeOf<404>();
    expectTypeOf<'discount_expired'>().toExtend<ProblemCodeFor<422>>();
    expectTypeOf<'discount_expired'>().not.toExtend<ProblemCodeFor<404>>();
  });

  it('makes a misspelt or misplaced code a compile error', () => {
    const check = (error: unknown) => {
      if (error instanceof Object && (error as APIError).status === 422) {
        const e = error as UnprocessableEntityError;
        if (e.code === 'discount_expired') return 1;
        // @ts-expect-error misspelt code: no overlap with the union
        if (e.code === 'discount_expird') return 2;
        // @ts-expect-error a 404 code is never on a 422
        if (e.code === 'product_not_found') return 3;
      }
      const any = error as APIError;
      // @ts-expect-error not a documented code at all
      return any.code === 'no_such_code';
    };
    expectTypeOf(check).returns.toEqualTypeOf<boolean | 1 | 2 | 3>();
  });
});

describe('APIError.errors', () => {
  it('are the spec Problem errors entries (pointer + detail)', () => {
    expectTypeOf<APIError['errors']>().toEqualTypeOf<ProblemFieldError[]>();
    expectTypeOf<ProblemFieldError>().toEqualTypeOf<NonNullable<Schemas['Problem']['errors']>[number]>();
    expectTypeOf<ProblemFieldError['pointer']>().toEqualTypeOf<string>();
  });
});
