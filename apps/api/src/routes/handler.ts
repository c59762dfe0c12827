import type { RouteHandler } from '@hono/zod-openapi';
import type { OperationId, routes } from '../generated/routes';
import type { AppEnv } from '../http/env';

/** The handler of one operation, typed by its generated route: wrong input or response shapes do not compile. */
export type Handler<K extends OperationId> = RouteHandler<(typeof routes)[K], AppEnv>;

/** One handler per operation in the spec: a missing one is a compile error in `routes/index.ts`. */
export type Handlers = { [K in OperationId]: Handler<K> };
