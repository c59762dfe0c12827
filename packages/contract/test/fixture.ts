import type { OpenApiDocument } from '../src/spec';

/** A two-operation spec shaped like ours: problem+json errors with codes, a required header, a closed body. */
export const fixtureSpec: OpenApiDocument = {
  openapi: '3.1.0',
  security: [{ bearerAuth: [] }],
  components: {
    headers: { RequestId: { required: true, schema: { type: 'string' } } },
    responses: {
      WidgetNotFound: {
        description: 'not found',
        'x-problem-codes': ['widget_not_found'],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
    schemas: {
      Widget: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'size'],
        properties: { id: { type: 'string', pattern: '^wid_' }, size: { type: 'integer', minimum: 1 } },
      },
      Problem: {
        type: 'object',
        required: ['status', 'code'],
        properties: { status: { type: 'integer' }, code: { type: 'string' } },
      },
    },
  },
  paths: {
    '/widgets/{widgetId}': {
      get: {
        operationId: 'retrieveWidget',
        responses: {
          '200': {
            description: 'ok',
            headers: {
              'Request-Id': { $ref: '#/components/headers/RequestId' },
              'Retry-After': { schema: { type: 'integer', minimum: 0 } },
            },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Widget' } } },
          },
          '404': { $ref: '#/components/responses/WidgetNotFound' },
        },
      },
    },
    '/widgets/special': {
      get: { operationId: 'special', security: [], responses: { '204': { description: 'nothing' } } },
    },
  },
};
