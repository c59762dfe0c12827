/**
 * A tiny fixture in openapi-typescript's output shape: the core is generic over `paths`, so its tests use this
 * instead of the real generated file.
 */
import { APIClient, type ClientOptions } from '../../src/core/api-client';

export interface Widget {
  id: string;
  display_name: string;
  unit_amount: number;
  custom_fields: { [key: string]: string };
  checkout_data: { [key: string]: unknown } | null;
  parts: { part_id: string; is_spare: boolean }[];
}

export interface WidgetList {
  data: Widget[];
  has_more: boolean;
  next_cursor: string | null;
}

type JsonResponse<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };

export interface operations {
  listWidgets: {
    parameters: {
      query?: { limit?: number; startingAfter?: string; color?: string };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: { 200: JsonResponse<WidgetList> };
  };
  createWidget: {
    parameters: { query?: never; header?: { 'Idempotency-Key'?: string }; path?: never; cookie?: never };
    requestBody: { content: { 'application/json': { displayName: string; customFields?: { [key: string]: string } } } };
    responses: { 201: JsonResponse<Widget>; 400: JsonResponse<unknown> };
  };
  retrieveWidget: {
    parameters: { query?: never; header?: never; path: { widgetId: string }; cookie?: never };
    requestBody?: never;
    responses: { 200: JsonResponse<Widget>; 404: JsonResponse<unknown> };
  };
  deleteWidget: {
    parameters: { query?: never; header?: never; path: { widgetId: string }; cookie?: never };
    requestBody?: never;
    responses: { 200: JsonResponse<{ id: string; deleted: true }> };
  };
}

export interface paths {
  '/v1/widgets': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: operations['listWidgets'];
    put?: never;
    post: operations['createWidget'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/widgets/{widgetId}': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: operations['retrieveWidget'];
    put?: never;
    post?: never;
    delete: operations['deleteWidget'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}

export function widgetClient(options: ClientOptions): APIClient<paths> {
  return new APIClient<paths>({ apiKey: 'sk_test_fixture', baseUrl: 'https://api.test', ...options });
}

export function widget(id: string, extra: Partial<Widget> = {}): Widget {
  return {
    id,
    display_name: `Widget ${id}`,
    unit_amount: 15,
    custom_fields: { user_id: 'user_9983' },
    checkout_data: { nested_key: { deep_key: 1 } },
    parts: [{ part_id: 'p1', is_spare: false }],
    ...extra,
  };
}
