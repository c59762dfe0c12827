export { Solifyn } from './client';
export type { ClientOptions, WithRequestId } from './core/api-client';
export { APIPromise, type WithResponse } from './core/api-promise';
export type { Logger, LogLevel } from './core/logger';
export type { CamelAliased, CamelCase } from './core/aliases';
export type { Fetch, RequestOptions } from './core/types';
export { PagePromise, type PageItem } from './core/pagination';
export {
  SolifynError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  type ProblemFieldError,
} from './core/errors';
export {
  verifyWebhook,
  Webhooks,
  WebhookVerificationError,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookRawBody,
  type WebhookHeaders,
  type WebhookVerificationReason,
  type VerifyWebhookOptions,
} from './webhooks';
export type { Body, Query, Result, OperationId } from './resource';
export type { components, operations, paths } from './generated/openapi';
export type { ProblemCode, ProblemCodesByStatus } from './generated/problem-codes';
export type { ProblemCodeFor } from './core/errors';
export { VERSION } from './version';
