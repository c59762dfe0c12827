/** The SDK's generated problem-code and webhook-event tables, on tiny in-memory specs. */
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../../../scripts/lib/bundle';
import { emitProblemCodes, emitWebhookEvents, webhookShapes } from '../../../../scripts/lib/emit-sdk-unions';
import { GENERATED_HEADER } from '../../../../scripts/lib/header';
import { problemCodesByStatus } from '../../../../scripts/lib/problem-codes';

const problemResponse = (codes: string[]) => ({ description: 'x', 'x-problem-codes': codes });

function spec(extra: Partial<OpenApiDocument> & { description?: string; enum?: string[] } = {}): OpenApiDocument {
  const { description, enum: codes, ...rest } = extra;
  return {
    openapi: '3.1.0',
    paths: {
      '/v1/widgets/{id}': {
        get: {
          responses: {
            '200': { description: 'ok' },
            '404': { $ref: '#/components/responses/NotFound' },
            '422': problemResponse(['widget_broken']),
          },
        },
      },
    },
    components: {
      responses: { NotFound: problemResponse(['widget_not_found']) },
      schemas: {
        ProblemCode: {
          type: 'string',
          description: description ?? 'Codes. 404: widget_not_found, route_not_found. 422: widget_broken.',
          enum: codes ?? ['widget_not_found', 'route_not_found', 'widget_broken'],
        },
        Widget: { type: 'object', properties: { object: { const: 'widget' } } },
        Gadget: { type: 'object', properties: { object: { const: 'gadget' } } },
        Event: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            data: {
              type: 'object',
              properties: {
                object: {
                  oneOf: [{ $ref: '#/components/schemas/Widget' }, { $ref: '#/components/schemas/Gadget' }],
                  discriminator: {
                    propertyName: 'object',
                    mapping: { widget: '#/components/schemas/Widget', gadget: '#/components/schemas/Gadget' },
                  },
                },
              },
            },
          },
        },
      },
    },
    ...rest,
  };
}

const webhook = (type: string, objects: string[]) => ({
  post: {
    requestBody: {
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Event' },
          examples: Object.fromEntries(
            objects.map((object, i) => [`e${i}`, { value: { type, data: { object: { object } } } }]),
          ),
        },
      },
    },
  },
});

describe('problem codes by status (happy)', () => {
  it('takes the description table, which covers codes no operation declares', () => {
    const table = problemCodesByStatus(spec());
    expect([...table].map(([status, codes]) => [status, [...codes].sort()])).toEqual([
      [404, ['route_not_found', 'widget_not_found']],
      [422, ['widget_broken']],
    ]);
    const file = emitProblemCodes(spec());
    expect(file.startsWith(`${GENERATED_HEADER}\n`)).toBe(true);
    expect(file).toContain("  422: 'widget_broken';");
    expect(file).toContain(
      "export type ProblemCode =\n  | 'route_not_found'\n  | 'widget_broken'\n  | 'widget_not_found';",
    );
  });

  it('uses x-problem-codes alone when the spec has no ProblemCode schema', () => {
    const doc = spec();
    delete doc.components!.schemas!.ProblemCode;
    expect([...problemCodesByStatus(doc)].map(([s, c]) => [s, [...c]])).toEqual([
      [404, ['widget_not_found']],
      [422, ['widget_broken']],
    ]);
  });
});

describe('problem codes by status (error)', () => {
  it('fails when a code has no status, or a status disagrees with a response, or a code is unknown', () => {
    expect(() => problemCodesByStatus(spec({ description: '404: widget_not_found, route_not_found.' }))).toThrow(
      /widget_broken has no status/,
    );
    expect(() =>
      problemCodesByStatus(spec({ description: '404: widget_not_found, route_not_found, widget_broken.' })),
    ).toThrow(/widget_broken: x-problem-codes says 422, the ProblemCode description 404/);
    expect(() => problemCodesByStatus(spec({ enum: ['widget_not_found', 'route_not_found'] }))).toThrow(
      /widget_broken is described but not in enum/,
    );
    expect(() =>
      problemCodesByStatus(
        spec({ description: '404: widget_not_found, route_not_found. 422: widget_broken, widget_not_found.' }),
      ),
    ).toThrow(/lists widget_not_found twice/);
  });
});

describe('webhook event shapes (happy)', () => {
  it("narrows a oneOf data.object to the discriminator values of the webhook's examples", () => {
    const doc = spec({
      webhooks: {
        'widget.made': webhook('widget.made', ['widget']),
        'thing.seen': webhook('thing.seen', ['widget', 'gadget']),
      },
    });
    expect(Object.fromEntries(webhookShapes(doc))).toEqual({
      'thing.seen': { event: 'Event', objects: ['Gadget', 'Widget'] },
      'widget.made': { event: 'Event', objects: ['Widget'] },
    });
    expect(emitWebhookEvents(doc)).toContain(
      "  'widget.made': { event: components['schemas']['Event']; object: components['schemas']['Widget'] };",
    );
  });

  it('takes a data.object that is already one schema as is, and emits an empty table without webhooks', () => {
    const doc = spec({ webhooks: { 'gadget.made': webhook('gadget.made', []) } });
    const data = (doc.components!.schemas!.Event as { properties: { data: { properties: Record<string, unknown> } } })
      .properties.data;
    data.properties.object = { $ref: '#/components/schemas/Gadget' };
    expect(webhookShapes(doc).get('gadget.made')).toEqual({ event: 'Event', objects: ['Gadget'] });
    expect(emitWebhookEvents(spec())).toBe(
      `${GENERATED_HEADER}\n/** Per webhook event type (the spec's \`webhooks:\` section): the delivered body's schema and its \`data.object\`. */\nexport interface WebhookEventShapes {\n}\n`,
    );
  });
});

describe('webhook event shapes (error)', () => {
  it('refuses to widen silently: no example, an example of another type, an unmapped object', () => {
    expect(() => webhookShapes(spec({ webhooks: { 'widget.made': webhook('widget.made', []) } }))).toThrow(
      /no example says which/,
    );
    expect(() => webhookShapes(spec({ webhooks: { 'widget.made': webhook('widget.gone', ['widget']) } }))).toThrow(
      /type "widget.made"/,
    );
    expect(() => webhookShapes(spec({ webhooks: { 'widget.made': webhook('widget.made', ['sprocket']) } }))).toThrow(
      /not mapped/,
    );
  });
});
