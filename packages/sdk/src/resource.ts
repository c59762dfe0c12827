/** What every resource file needs: the core client typed with the generated `paths`, and operation types. */
import type { CamelAliased } from './core/aliases';
import type { APIClient, WithRequestId } from './core/api-client';
import type { APIPromise } from './core/api-promise';
import type { PagePromise } from './core/pagination';
import type { QueryParams, RequestBody, SuccessBody } from './core/types';
import type { operations, paths } from './generated/openapi';

export type { RequestOptions } from './core/types';
export type { APIPromise } from './core/api-promise';

export type OperationId = keyof operations;
/** JSON request body of an operation (camelCase, as on the wire). */
export type Body<Op extends OperationId> = RequestBody<operations[Op]>;
/** Query parameters of an operation. */
export type Query<Op extends OperationId> = QueryParams<operations[Op]>;
/** The 2xx response body of an operation, with camelCase aliases and the non-enumerable `requestId`. */
export type Result<Op extends OperationId> = WithRequestId<CamelAliased<SuccessBody<operations[Op]>>>;
/** What a list operation returns: awaitable page, async-iterable items. */
export type ListResult<Op extends OperationId> = PagePromise<Result<Op>>;

export abstract class APIResource {
  constructor(protected readonly _client: APIClient<paths>) {}
}
