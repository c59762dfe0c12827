/**
 * One before/after fixture per rule: the breaking edit is classified breaking (and fails the release gate, naming the
 * operation and the change); the additive edit next to it has no breaking change (and passes the gate).
 */
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../lib/release/gate';
import { diffSpecs } from '../lib/spec-diff/index';
import type { Change, SpecDocument } from '../lib/spec-diff/types';
import { fixtureSpec, type Spec } from './fixtures/spec';

type Edit = (spec: Spec) => void;

interface RuleFixture {
  name: string;
  rule: string;
  /** Substring of the subject the change must name. */
  subject: string;
  breaking: Edit;
  additive: Edit;
}

const widget = (s: Spec) => s.components.schemas.Widget;
const createRequest = (s: Spec) => s.components.schemas.WidgetCreateRequest;
const addPickupShipping: Edit = (s) => {
  s.components.schemas.ShipByPickup = {
    type: 'object',
    required: ['method'],
    properties: { method: { const: 'pickup' } },
  };
  s.components.schemas.Shipping.oneOf.push({ $ref: '#/components/schemas/ShipByPickup' });
  s.components.schemas.Shipping.discriminator.mapping.pickup = '#/components/schemas/ShipByPickup';
};

const RULES: RuleFixture[] = [
  {
    name: 'operation removed',
    rule: 'operation-removed',
    subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
    breaking: (s) => delete s.paths['/v1/widgets/{widgetId}'].get,
    additive: (s) =>
      (s.paths['/v1/widgets/{widgetId}'].delete = {
        operationId: 'deleteWidget',
        responses: { '204': { description: 'Deleted.' } },
      }),
  },
  {
    name: 'path removed',
    rule: 'operation-removed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => delete s.paths['/v1/widgets'],
    additive: (s) =>
      (s.paths['/v1/gadgets'] = { get: { operationId: 'listGadgets', responses: { '200': { description: 'OK.' } } } }),
  },
  {
    name: 'method removed (path kept)',
    rule: 'operation-removed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => delete s.paths['/v1/widgets'].post,
    additive: (s) => (s.paths['/v1/widgets'].get.deprecated = false),
  },
  {
    name: 'response property removed',
    rule: 'response-property-removed',
    subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
    breaking: (s) => delete widget(s).properties.tags,
    additive: (s) => (widget(s).properties.size = { type: 'integer', minimum: 0 }),
  },
  {
    name: 'response property made optional',
    rule: 'response-property-optional',
    subject: 'GET /v1/widgets (listWidgets)',
    breaking: (s) => (widget(s).required = widget(s).required.filter((r: string) => r !== 'price')),
    additive: (s) => widget(s).required.push('tags'),
  },
  {
    name: 'response property made nullable',
    rule: 'response-property-nullable',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (widget(s).properties.price.type = ['number', 'null']),
    additive: (s) => (widget(s).properties.color.type = 'string'),
  },
  {
    name: 'request property added as required',
    rule: 'request-property-added-required',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => {
      createRequest(s).properties.sku = { type: 'string' };
      createRequest(s).required.push('sku');
    },
    additive: (s) => (createRequest(s).properties.sku = { type: 'string' }),
  },
  {
    name: 'request property optional → required',
    rule: 'request-property-required',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => createRequest(s).required.push('price'),
    additive: (s) => (createRequest(s).required = []),
  },
  {
    name: 'request type changed',
    rule: 'type-changed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (createRequest(s).properties.quantity.type = 'string'),
    additive: (s) => (createRequest(s).properties.quantity.type = 'number'),
  },
  {
    name: 'response type changed',
    rule: 'type-changed',
    subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
    breaking: (s) => (widget(s).properties.price.type = 'string'),
    additive: (s) => (widget(s).properties.price.type = 'integer'),
  },
  {
    name: 'request null no longer accepted',
    rule: 'request-null-refused',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (createRequest(s).properties.color.type = 'string'),
    additive: (s) => (createRequest(s).properties.name.type = ['string', 'null']),
  },
  {
    name: 'request maxLength lowered',
    rule: 'constraint-narrowed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (createRequest(s).properties.name.maxLength = 50),
    additive: (s) => (createRequest(s).properties.name.maxLength = 200),
  },
  {
    name: 'request minimum raised',
    rule: 'constraint-narrowed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (createRequest(s).properties.price.minimum = 1),
    additive: (s) => delete createRequest(s).properties.price.minimum,
  },
  {
    name: 'request pattern added',
    rule: 'constraint-narrowed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (createRequest(s).properties.code.pattern = '^[A-Z0-9]+$'),
    additive: (s) => (createRequest(s).properties.code.maxLength = 80),
  },
  {
    name: 'request multipleOf added',
    rule: 'constraint-narrowed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (createRequest(s).properties.price.multipleOf = 0.01),
    additive: (s) => (createRequest(s).properties.quantity.maximum = 1000),
  },
  {
    name: 'query parameter maximum lowered',
    rule: 'constraint-narrowed',
    subject: 'GET /v1/widgets (listWidgets)',
    breaking: (s) => (s.paths['/v1/widgets'].get.parameters[0].schema.maximum = 50),
    additive: (s) => (s.paths['/v1/widgets'].get.parameters[0].schema.maximum = 500),
  },
  {
    name: 'request enum value removed',
    rule: 'enum-value-removed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (s.components.schemas.WidgetStatus.enum = ['active']),
    additive: (s) => s.components.schemas.WidgetStatus.enum.push('draft'),
  },
  {
    name: 'response status removed',
    rule: 'response-status-removed',
    subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
    breaking: (s) => delete s.paths['/v1/widgets/{widgetId}'].get.responses['404'],
    additive: (s) =>
      (s.paths['/v1/widgets/{widgetId}'].get.responses['200'].description = 'The widget, with all its fields.'),
  },
  {
    name: 'response content type removed',
    rule: 'response-content-type-removed',
    subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
    breaking: (s) => {
      const response = s.paths['/v1/widgets/{widgetId}'].get.responses['200'];
      response.content = { 'application/vnd.widget+json': response.content['application/json'] };
    },
    additive: (s) => (s.paths['/v1/widgets'].get.responses['200'].content['text/csv'] = { schema: { type: 'string' } }),
  },
  {
    name: 'response header removed',
    rule: 'response-header-removed',
    subject: 'GET /v1/widgets (listWidgets)',
    breaking: (s) => delete s.paths['/v1/widgets'].get.responses['200'].headers['Request-Id'],
    additive: (s) =>
      (s.paths['/v1/widgets'].get.responses['200'].headers['RateLimit'] = { schema: { type: 'string' } }),
  },
  {
    name: 'request content type removed',
    rule: 'request-content-type-removed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => {
      const body = s.paths['/v1/widgets'].post.requestBody;
      body.content = { 'application/x-www-form-urlencoded': body.content['application/json'] };
    },
    additive: (s) => {
      const body = s.paths['/v1/widgets'].post.requestBody;
      body.content['application/x-www-form-urlencoded'] = body.content['application/json'];
    },
  },
  {
    name: 'parameter renamed',
    rule: 'parameter-removed',
    subject: 'GET /v1/widgets (listWidgets)',
    breaking: (s) => (s.paths['/v1/widgets'].get.parameters[0].name = 'pageSize'),
    additive: (s) =>
      s.paths['/v1/widgets'].get.parameters.push({
        name: 'sort',
        in: 'query',
        required: false,
        schema: { type: 'string' },
      }),
  },
  {
    name: 'parameter moved (header → query)',
    rule: 'parameter-removed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (s.components.parameters.IdempotencyKey.in = 'query'),
    additive: (s) => (s.components.parameters.IdempotencyKey.schema.maxLength = 512),
  },
  {
    name: 'required parameter added',
    rule: 'parameter-added-required',
    subject: 'GET /v1/widgets (listWidgets)',
    breaking: (s) =>
      s.paths['/v1/widgets'].get.parameters.push({
        name: 'shop',
        in: 'query',
        required: true,
        schema: { type: 'string' },
      }),
    additive: (s) =>
      s.paths['/v1/widgets'].get.parameters.push({
        name: 'shop',
        in: 'query',
        required: false,
        schema: { type: 'string' },
      }),
  },
  {
    name: 'parameter made required',
    rule: 'parameter-required',
    subject: 'GET /v1/widgets (listWidgets)',
    breaking: (s) => (s.paths['/v1/widgets'].get.parameters[0].required = true),
    additive: (s) => (s.paths['/v1/widgets/{widgetId}'].get.parameters[0].schema.maxLength = 128),
  },
  {
    name: 'security requirement changed (now needs a key)',
    rule: 'security-changed',
    subject: 'GET /healthz (getHealth)',
    breaking: (s) => delete s.paths['/healthz'].get.security,
    additive: (s) => (s.paths['/v1/widgets'].get.security = [{ bearerAuth: [] }, {}]),
  },
  {
    name: 'security scheme changed',
    rule: 'security-changed',
    subject: 'GET /v1/widgets (listWidgets)',
    breaking: (s) => (s.components.securitySchemes.bearerAuth = { type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
    additive: (s) => (s.components.securitySchemes.bearerAuth.description = 'Secret key.'),
  },
  {
    name: 'problem code removed from an operation',
    rule: 'problem-code-removed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => (s.paths['/v1/widgets'].post.responses['422']['x-problem-codes'] = []),
    additive: (s) => s.paths['/v1/widgets'].post.responses['422']['x-problem-codes'].push('widget_limit_reached'),
  },
  {
    name: 'problem code moved to another status',
    rule: 'problem-code-moved',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => {
      const responses = s.paths['/v1/widgets'].post.responses;
      responses['409'] = responses['422'];
      delete responses['422'];
    },
    additive: (s) => {
      const responses = s.paths['/v1/widgets'].post.responses;
      responses['409'] = { ...responses['422'], 'x-problem-codes': ['widget_locked'] };
    },
  },
  {
    name: 'webhook event type removed',
    rule: 'webhook-removed',
    subject: 'webhook widget.created',
    breaking: (s) => delete s.webhooks['widget.created'],
    additive: (s) => (s.webhooks['widget.archived'] = s.webhooks['widget.created']),
  },
  {
    name: 'webhook payload field removed',
    rule: 'response-property-removed',
    subject: 'webhook widget.created',
    breaking: (s) => delete s.components.schemas.WidgetEvent.properties.id,
    additive: (s) => (s.components.schemas.WidgetEvent.properties.created_at = { type: 'string', format: 'date-time' }),
  },
  {
    name: 'request oneOf variant removed',
    rule: 'variant-removed',
    subject: 'POST /v1/widgets (createWidget)',
    breaking: (s) => {
      const shipping = s.components.schemas.Shipping;
      shipping.oneOf = shipping.oneOf.slice(0, 1);
      delete shipping.discriminator.mapping.courier;
    },
    additive: addPickupShipping,
  },
  {
    name: 'server removed',
    rule: 'server-removed',
    subject: 'servers',
    breaking: (s) => (s.servers = [{ url: 'https://api.example.org' }]),
    additive: (s) => s.servers.push({ url: 'https://eu.api.example.com' }),
  },
];

function edited(edit: Edit, version = '1.0.0'): SpecDocument {
  const spec = fixtureSpec(version);
  edit(spec);
  return JSON.parse(JSON.stringify(spec)) as SpecDocument;
}

/** Notes that name every changed operation and carry a migration section: only the version rule can fail. */
function notesFor(changes: Change[]): string {
  const names = [...new Set(changes.map((c) => c.subjectId))].map((id) => `- \`${id}\` changed.`);
  return `# Changelog\n\n## Unreleased\n\n### API\n\n- Spec updated.\n${names.join('\n')}\n\n### Migration\n\nUpdate your integration.\n`;
}

const release = { version: '1.0.0', path: 'releases/1.0.0.json', doc: fixtureSpec('1.0.0') };

describe('spec-diff rules', () => {
  it('reports nothing for an unchanged spec', () => {
    expect(diffSpecs(fixtureSpec(), fixtureSpec())).toEqual([]);
  });

  describe.each(RULES)('$name', ({ rule, subject, breaking, additive }) => {
    it(`classifies the breaking edit as breaking (${rule})`, () => {
      const changes = diffSpecs(fixtureSpec(), edited(breaking));
      expect(changes.filter((c) => c.severity === 'breaking').map((c) => [c.rule, c.subject])).toContainEqual([
        rule,
        subject,
      ]);
    });

    it('fails the gate on the breaking edit without a major version, naming the operation and the change', () => {
      const after = edited(breaking);
      const report = evaluateGate(after, release, notesFor(diffSpecs(release.doc, after)));
      const error = report.errors.find((e) => e.includes('need a new major version'));
      expect(error).toBeDefined();
      expect(error).toContain(subject);
      expect(error).toContain(`[${rule}]`);
    });

    it('passes the gate on the breaking edit with a major version and migration notes', () => {
      const after = edited(breaking, '2.0.0');
      const report = evaluateGate(after, release, notesFor(diffSpecs(release.doc, after)));
      expect(report.errors).toEqual([]);
      expect(report.level).toBe('major');
    });

    it('finds no breaking change in the additive edit, and the gate passes', () => {
      const after = edited(additive);
      const changes = diffSpecs(release.doc, after);
      expect(changes.filter((c) => c.severity === 'breaking')).toEqual([]);
      const report = evaluateGate(after, release, notesFor(changes).replace(/### Migration[\s\S]*$/, ''));
      expect(report.errors).toEqual([]);
      expect(report.specChanged).toBe(true);
    });
  });
});

describe('spec-diff needs-attention rules', () => {
  const cases: { name: string; rule: string; subject: string; edit: Edit }[] = [
    {
      name: 'enum value added in a response (exhaustive switches)',
      rule: 'enum-value-added',
      subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
      edit: (s) => s.components.schemas.WidgetStatus.enum.push('draft'),
    },
    {
      name: 'problem code added to an operation',
      rule: 'problem-code-added',
      subject: 'POST /v1/widgets (createWidget)',
      edit: (s) => s.paths['/v1/widgets'].post.responses['422']['x-problem-codes'].push('widget_limit_reached'),
    },
    {
      name: 'response status added',
      rule: 'response-status-added',
      subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
      edit: (s) => (s.paths['/v1/widgets/{widgetId}'].get.responses['410'] = { description: 'Gone.' }),
    },
    {
      name: 'response maxLength raised',
      rule: 'constraint-widened',
      subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
      edit: (s) => (widget(s).properties.name.maxLength = 500),
    },
    {
      name: 'response oneOf variant added',
      rule: 'variant-added',
      subject: 'GET /v1/widgets/{widgetId} (retrieveWidget)',
      edit: addPickupShipping,
    },
  ];

  it.each(cases)('$name is needs-attention, not breaking, and passes the gate', ({ rule, subject, edit }) => {
    const after = edited(edit);
    const changes = diffSpecs(release.doc, after);
    expect(changes.filter((c) => c.severity === 'breaking')).toEqual([]);
    expect(changes.filter((c) => c.severity === 'needs-attention').map((c) => [c.rule, c.subject])).toContainEqual([
      rule,
      subject,
    ]);
    expect(evaluateGate(after, release, notesFor(changes)).errors).toEqual([]);
  });

  it('classifies the same enum value added in a request as compatible', () => {
    const changes = diffSpecs(
      release.doc,
      edited((s) => s.components.schemas.WidgetStatus.enum.push('draft')),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        severity: 'non-breaking',
        rule: 'enum-value-added',
        subject: 'POST /v1/widgets (createWidget)',
        location: 'request body.status',
      }),
    );
  });
});
