/** Schemas as field lists, as on the published reference page: name, type, required, default, constraints, example. */
import { type Html, html, raw } from './html';
import { renderInline } from './markdown';
import { type Schema, Spec } from './spec';

const maxDepth = 6;

function json(value: unknown): string {
  return JSON.stringify(value);
}

/** `string`, `integer | null`, `array of object (Product)`, `one of: CheckoutSession, Order`. */
export function typeLabel(spec: Spec, schema: Schema): string {
  const name = Spec.refName(schema);
  const s = spec.resolve(schema);
  const named = (label: string) => (name ? `${label} (${name})` : label);
  if (s.oneOf || s.anyOf) {
    const variants = (s.oneOf ?? s.anyOf)!.map((v) => Spec.refName(v) ?? typeLabel(spec, v));
    return `one of: ${variants.join(', ')}`;
  }
  if (s.const !== undefined) return typeof s.const;
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  const label = types.map((t) => (t === 'array' && s.items ? `array of ${typeLabel(spec, s.items)}` : t)).join(' | ');
  if (!label) return named('any');
  if (s.enum && !types.includes('array')) return named(`enum (${label})`);
  return named(label);
}

/** Constraints in words: `1 ≤ value ≤ 100`, `length ≤ 255`, `pattern ^prod_…`, `format email`. */
export function constraints(spec: Spec, schema: Schema): string[] {
  const s = spec.resolve(schema);
  const out: string[] = [];
  if (s.format) out.push(`format: ${s.format}`);
  const lower =
    s.minimum !== undefined ? `${s.minimum} ≤ ` : s.exclusiveMinimum !== undefined ? `${s.exclusiveMinimum} < ` : '';
  const upper =
    s.maximum !== undefined ? ` ≤ ${s.maximum}` : s.exclusiveMaximum !== undefined ? ` < ${s.exclusiveMaximum}` : '';
  if (lower || upper) out.push(`${lower}value${upper}`);
  if (s.multipleOf !== undefined) out.push(`multiple of ${s.multipleOf}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) {
    out.push(
      s.minLength !== undefined && s.maxLength !== undefined
        ? `length ${s.minLength}–${s.maxLength}`
        : s.minLength !== undefined
          ? `length ≥ ${s.minLength}`
          : `length ≤ ${s.maxLength}`,
    );
  }
  if (s.minItems !== undefined) out.push(`at least ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.minProperties !== undefined) out.push(`at least ${s.minProperties} keys`);
  if (s.maxProperties !== undefined) out.push(`at most ${s.maxProperties} keys`);
  if (s.pattern) out.push(`pattern: ${s.pattern}`);
  return out;
}

function fact(label: string, value: Html | string): Html {
  return html`<div class="fact"><span class="fact-label">${label}</span> <span class="fact-value">${value}</span></div>`;
}

function codeList(values: unknown[]): Html {
  return html`${values.map((v, i) => html`${i > 0 ? ', ' : ''}<code>${json(v)}</code>`)}`;
}

/** The nested fields of an object, array of objects, map or union; empty when the schema is a scalar. */
function children(spec: Spec, schema: Schema, depth: number, seen: string[]): Html | null {
  if (depth >= maxDepth) return null;
  const ref = schema.$ref;
  if (ref && seen.includes(ref)) return null;
  const nextSeen = ref ? [...seen, ref] : seen;
  const s = spec.resolve(schema);
  if (s.oneOf || s.anyOf) {
    const variants = (s.oneOf ?? s.anyOf)!;
    return html`<div class="variants">${variants.map((variant) => {
      const label = Spec.refName(variant) ?? typeLabel(spec, variant);
      const discriminator = s.discriminator
        ? Object.entries(s.discriminator.mapping ?? {}).find(([, target]) => target === variant.$ref)?.[0]
        : undefined;
      return html`<div class="variant"><div class="variant-name">${label}${
        discriminator
          ? html` <span class="muted">when <code>${s.discriminator!.propertyName}</code> is <code>${json(discriminator)}</code></span>`
          : ''
      }</div>${fieldList(spec, variant, depth + 1, nextSeen)}</div>`;
    })}</div>`;
  }
  if (s.properties) return fieldList(spec, schema, depth + 1, nextSeen);
  if (s.items) {
    const items = spec.resolve(s.items);
    if (items.properties || items.oneOf) return children(spec, s.items, depth, nextSeen);
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    const values = spec.resolve(s.additionalProperties);
    if (values.properties) return children(spec, s.additionalProperties, depth, nextSeen);
  }
  return null;
}

export function field(
  spec: Spec,
  name: string,
  schema: Schema,
  opts: { required: boolean; depth: number; seen: string[]; description?: string; example?: unknown },
): Html {
  const s = spec.resolve(schema);
  const description = opts.description ?? schema.description ?? s.description ?? '';
  const facts: Html[] = [];
  if (s.default !== undefined) facts.push(fact('Default', html`<code>${json(s.default)}</code>`));
  if (s.const !== undefined) facts.push(fact('Always', html`<code>${json(s.const)}</code>`));
  const enumValues = s.enum ?? (s.items ? spec.resolve(s.items).enum : undefined);
  if (enumValues) facts.push(fact('One of', codeList(enumValues)));
  const limits = constraints(spec, schema);
  if (s.items) limits.push(...constraints(spec, s.items).map((c) => `each: ${c}`));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    limits.push(`values: ${typeLabel(spec, s.additionalProperties)}`);
    limits.push(...constraints(spec, s.additionalProperties).map((c) => `each value: ${c}`));
  }
  if (s.propertyNames) limits.push(...constraints(spec, s.propertyNames).map((c) => `each key: ${c}`));
  if (limits.length > 0)
    facts.push(fact('Constraints', html`${limits.map((c, i) => html`${i > 0 ? ' · ' : ''}<code>${c}</code>`)}`));
  const example = opts.example ?? schema.example ?? s.example;
  if (example !== undefined && (typeof example !== 'object' || example === null)) {
    facts.push(fact('Example', html`<code>${json(example)}</code>`));
  }
  const nested = children(spec, schema, opts.depth, opts.seen);
  return html`<div class="field" data-field="${name}">
<div class="field-head"><code class="field-name">${name}</code> <span class="field-type">${typeLabel(spec, schema)}</span>${
    opts.required ? html` <span class="badge badge-required">required</span>` : ''
  }${s.deprecated ? html` <span class="badge">deprecated</span>` : ''}</div>
${description ? html`<div class="field-desc">${raw(renderInline(description))}</div>` : ''}${facts}${
    nested ? html`<details class="field-children"><summary>Child attributes</summary>${nested}</details>` : ''
  }
</div>`;
}

/** The properties of an object schema, required ones first (as the spec lists them otherwise). */
export function fieldList(spec: Spec, schema: Schema, depth = 0, seen: string[] = []): Html {
  const s = spec.resolve(schema);
  const required = new Set(s.required ?? []);
  const entries = Object.entries(s.properties ?? {});
  if (entries.length === 0) {
    return html`<div class="fields"><div class="field"><span class="field-type">${typeLabel(spec, schema)}</span>${
      s.description ? html`<div class="field-desc">${raw(renderInline(s.description))}</div>` : ''
    }</div></div>`;
  }
  return html`<div class="fields">${entries.map(([name, property]) =>
    field(spec, name, property, { required: required.has(name), depth, seen }),
  )}</div>`;
}
