import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../src/generated/routes';
import { EventType, WebhookEvent } from '../../src/generated/schemas';
import { bundledSpecPath } from '../../src/spec';

interface Operation {
  operationId: string;
  parameters: { $ref?: string; name?: string; in?: string }[];
  requestBody: { content: Record<string, { schema: { $ref: string }; examples: Record<string, { value: unknown }> }> };
  responses: Record<string, unknown>;
}

const spec = JSON.parse(readFileSync(bundledSpecPath, 'utf8')) as {
  webhooks: Record<string, { post: Operation }>;
  components: { parameters: Record<string, { name: string; in: string; required: boolean }> };
};

describe('webhooks in the spec (happy)', () => {
  it('documents one webhook per event type, each a POST of WebhookEvent with the Standard Webhooks headers', () => {
    expect(Object.keys(spec.webhooks).sort()).toEqual([...EventType.options].sort());
    for (const [type, { post }] of Object.entries(spec.webhooks)) {
      const body = post.requestBody.content['application/json']!;
      expect(body.schema.$ref).toBe('#/components/schemas/WebhookEvent');
      for (const example of Object.values(body.examples)) {
        expect(WebhookEvent.parse(example.value)).toMatchObject({ type });
      }
      const headers = post.parameters.map((p) => spec.components.parameters[p.$ref!.split('/').pop()!]!);
      expect(headers.map((h) => [h.name, h.in, h.required])).toEqual([
        ['webhook-id', 'header', true],
        ['webhook-timestamp', 'header', true],
        ['webhook-signature', 'header', true],
      ]);
      expect(Object.keys(post.responses)).toEqual(['2XX']);
    }
  });

  it('webhooks are not routes the server serves', () => {
    const operationIds = Object.values(spec.webhooks).map(({ post }) => post.operationId);
    expect(operationIds.filter((id) => id in routes)).toEqual([]);
  });
});
