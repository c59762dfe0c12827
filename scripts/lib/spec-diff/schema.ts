/**
 * Compares two JSON Schemas (the 2020-12 subset the bundled spec uses) as seen by a client: in a request the
 * new schema must accept everything the old one did; in a response it must promise everything the old one did.
 */
import { deref, refName } from './refs';
import {
  isObject,
  type Change,
  type Direction,
  type Json,
  type JsonObject,
  type SpecDocument,
  type Severity,
} from './types';

export interface SchemaContext {
  before: SpecDocument;
  after: SpecDocument;
  subject: string;
  subjectId: string;
  emit: (change: Change) => void;
}

interface Walk {
  direction: Direction;
  location: string;
  component?: string;
  /** Pairs of named schemas being compared further up, so recursive schemas terminate. */
  stack: Set<string>;
}

/** Picks the severity of a change by whether it narrows or widens what the client sends, or what it reads. */
function classify(direction: Direction, narrowing: boolean): Severity {
  if (direction === 'request') return narrowing ? 'breaking' : 'non-breaking';
  return narrowing ? 'non-breaking' : 'needs-attention';
}

const show = (value: unknown) => JSON.stringify(value);

export function compareSchemas(
  ctx: SchemaContext,
  beforeSchema: Json | undefined,
  afterSchema: Json | undefined,
  direction: Direction,
  location: string,
): void {
  walk(ctx, beforeSchema, afterSchema, { direction, location, stack: new Set() });
}

function walk(ctx: SchemaContext, beforeSchema: Json | undefined, afterSchema: Json | undefined, w: Walk): void {
  const beforeName = refName(beforeSchema);
  const afterName = refName(afterSchema);
  const pairKey = `${beforeName ?? '-'}|${afterName ?? '-'}`;
  if ((beforeName || afterName) && w.stack.has(pairKey)) return;
  const b = schemaOf(ctx.before, beforeSchema);
  const a = schemaOf(ctx.after, afterSchema);
  const here: Walk = {
    ...w,
    component: deref(ctx.after, afterSchema).name ?? deref(ctx.before, beforeSchema).name ?? w.component,
    stack: beforeName || afterName ? new Set([...w.stack, pairKey]) : w.stack,
  };
  const emit = (severity: Severity, rule: string, message: string, location = here.location) =>
    ctx.emit({
      severity,
      rule,
      subject: ctx.subject,
      subjectId: ctx.subjectId,
      location,
      ...(here.component ? { component: here.component } : {}),
      message,
    });

  compareTypes(b, a, here, emit);
  compareEnums(b, a, here, emit);
  compareConstraints(b, a, here, emit);
  compareObjects(ctx, b, a, here, emit);
  if (b.items !== undefined || a.items !== undefined) {
    walk(ctx, b.items ?? {}, a.items ?? {}, { ...here, location: `${here.location}[]` });
  }
  compareVariants(ctx, b, a, here, emit, 'oneOf');
  compareVariants(ctx, b, a, here, emit, 'anyOf');
  const allOfLength = Math.max(arrayOf(b.allOf).length, arrayOf(a.allOf).length);
  for (let i = 0; i < allOfLength; i++) {
    walk(ctx, arrayOf(b.allOf)[i] ?? {}, arrayOf(a.allOf)[i] ?? {}, here);
  }
  if (here.direction === 'request' && b.default !== undefined && show(b.default) !== show(a.default)) {
    emit(
      'needs-attention',
      'default-changed',
      `default changed from ${show(b.default)} to ${a.default === undefined ? 'none' : show(a.default)}: clients that omit it get a different behaviour`,
    );
  }
}

type Emit = (severity: Severity, rule: string, message: string, location?: string) => void;

function schemaOf(doc: SpecDocument, schema: Json | undefined): JsonObject {
  if (schema === false) return { not: {} };
  return deref(doc, schema).node ?? {};
}

function arrayOf(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function jsonType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The instance types a schema allows, or undefined for "any". */
function typesOf(s: JsonObject): Set<string> | undefined {
  let types: Set<string> | undefined;
  if (typeof s.type === 'string') types = new Set([s.type]);
  else if (Array.isArray(s.type)) types = new Set(s.type.filter((t): t is string => typeof t === 'string'));
  else if (s.const !== undefined) types = new Set([jsonType(s.const)]);
  else if (Array.isArray(s.enum)) types = new Set(s.enum.map(jsonType));
  if (types && s.nullable === true) types.add('null');
  return types;
}

/** Whether `types` admits every instance of type `t` (an integer is a number). */
function covers(types: Set<string>, t: string): boolean {
  return types.has(t) || (t === 'integer' && types.has('number'));
}

function compareTypes(b: JsonObject, a: JsonObject, w: Walk, emit: Emit): void {
  const bt = typesOf(b);
  const at = typesOf(a);
  if (!bt && !at) return;
  const list = (t: Set<string> | undefined) => (t ? [...t].join(' | ') : 'any');
  if (!bt || !at) {
    // Typed ↔ untyped: a request schema that becomes typed refuses what it took; a response one that loses its type promises less.
    const narrowing = !bt;
    const breaking = (w.direction === 'request') === narrowing;
    emit(breaking ? 'breaking' : 'non-breaking', 'type-changed', `type changed from ${list(bt)} to ${list(at)}`);
    return;
  }
  const bNonNull = new Set([...bt].filter((t) => t !== 'null'));
  const aNonNull = new Set([...at].filter((t) => t !== 'null'));
  const lost = [...bNonNull].filter((t) => !covers(aNonNull, t));
  const gained = [...aNonNull].filter((t) => !covers(bNonNull, t));
  const offending = w.direction === 'request' ? lost : gained;
  if (offending.length > 0) {
    emit('breaking', 'type-changed', `type changed from ${list(bNonNull)} to ${list(aNonNull)}`);
  } else if (lost.length > 0 || gained.length > 0) {
    emit(
      'non-breaking',
      'type-changed',
      `type changed from ${list(bNonNull)} to ${list(aNonNull)} (compatible for a ${w.direction})`,
    );
  }
  const bNull = bt.has('null');
  const aNull = at.has('null');
  if (w.direction === 'response' && !bNull && aNull) {
    emit('breaking', 'response-property-nullable', 'became nullable: clients that read it as always present get null');
  } else if (w.direction === 'response' && bNull && !aNull) {
    emit('non-breaking', 'response-property-not-nullable', 'no longer null');
  } else if (w.direction === 'request' && bNull && !aNull) {
    emit('breaking', 'request-null-refused', 'null no longer accepted');
  } else if (w.direction === 'request' && !bNull && aNull) {
    emit('non-breaking', 'request-null-accepted', 'null now accepted');
  }
}

function enumOf(s: JsonObject): Json[] | undefined {
  if (s.const !== undefined) return [s.const];
  return Array.isArray(s.enum) ? s.enum : undefined;
}

function compareEnums(b: JsonObject, a: JsonObject, w: Walk, emit: Emit): void {
  const be = enumOf(b);
  const ae = enumOf(a);
  if (!be && !ae) return;
  if (!be || !ae) {
    const narrowing = !be;
    emit(
      classify(w.direction, narrowing),
      narrowing ? 'enum-added' : 'enum-dropped',
      narrowing ? `now restricted to ${show(ae)}` : `no longer restricted to ${show(be)}: any value may appear`,
    );
    return;
  }
  const bSet = new Set(be.map(show));
  const aSet = new Set(ae.map(show));
  const removed = [...bSet].filter((v) => !aSet.has(v));
  const added = [...aSet].filter((v) => !bSet.has(v));
  if (removed.length > 0) {
    emit(
      classify(w.direction, true),
      'enum-value-removed',
      `enum value${removed.length > 1 ? 's' : ''} ${removed.join(', ')} removed`,
    );
  }
  if (added.length > 0) {
    emit(
      classify(w.direction, false),
      'enum-value-added',
      w.direction === 'response'
        ? `enum value${added.length > 1 ? 's' : ''} ${added.join(', ')} added: exhaustive switches in clients must handle ${added.length > 1 ? 'them' : 'it'}`
        : `enum value${added.length > 1 ? 's' : ''} ${added.join(', ')} now accepted`,
    );
  }
}

const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;

function compareConstraints(b: JsonObject, a: JsonObject, w: Walk, emit: Emit): void {
  const report = (narrowing: boolean, what: string) =>
    emit(classify(w.direction, narrowing), narrowing ? 'constraint-narrowed' : 'constraint-widened', what);
  const num = (v: Json | undefined) => (typeof v === 'number' ? v : undefined);
  for (const key of UPPER_BOUNDS) {
    const bv = num(b[key]);
    const av = num(a[key]);
    if (bv === av) continue;
    const narrowing = av !== undefined && (bv === undefined || av < bv);
    report(narrowing, `${key} ${bv ?? 'none'} → ${av ?? 'none'}`);
  }
  for (const key of LOWER_BOUNDS) {
    const bv = num(b[key]);
    const av = num(a[key]);
    if (bv === av) continue;
    const narrowing = av !== undefined && (bv === undefined || av > bv);
    report(narrowing, `${key} ${bv ?? 'none'} → ${av ?? 'none'}`);
  }
  const bm = num(b.multipleOf);
  const am = num(a.multipleOf);
  if (bm !== am) {
    // Only a removed multipleOf, or a new one that divides the old, accepts every value that was valid before.
    const widening = am === undefined || (bm !== undefined && Number.isInteger(bm / am));
    report(!widening, `multipleOf ${bm ?? 'none'} → ${am ?? 'none'}`);
  }
  if ((b.uniqueItems === true) !== (a.uniqueItems === true)) {
    report(a.uniqueItems === true, `uniqueItems ${b.uniqueItems === true} → ${a.uniqueItems === true}`);
  }
  for (const key of ['pattern', 'format'] as const) {
    const bv = b[key];
    const av = a[key];
    if (bv === av) continue;
    if (bv === undefined) report(true, `${key} ${show(av)} added`);
    else if (av === undefined) report(false, `${key} ${show(bv)} removed`);
    else {
      // Two different patterns or formats: neither can be shown to contain the other.
      emit(
        w.direction === 'request' ? 'breaking' : 'needs-attention',
        w.direction === 'request' ? 'constraint-narrowed' : 'constraint-widened',
        `${key} changed from ${show(bv)} to ${show(av)}`,
      );
    }
  }
}

function compareObjects(ctx: SchemaContext, b: JsonObject, a: JsonObject, w: Walk, emit: Emit): void {
  const bp = isObject(b.properties) ? b.properties : {};
  const ap = isObject(a.properties) ? a.properties : {};
  const breq = new Set(arrayOf(b.required).filter((r): r is string => typeof r === 'string'));
  const areq = new Set(arrayOf(a.required).filter((r): r is string => typeof r === 'string'));
  const at = (name: string) => `${w.location}.${name}`;
  for (const [name, schema] of Object.entries(bp)) {
    const location = at(name);
    if (!(name in ap)) {
      if (w.direction === 'response') {
        emit('breaking', 'response-property-removed', `response property \`${name}\` removed`, location);
      } else if (a.additionalProperties === false) {
        emit(
          'breaking',
          'request-property-removed',
          `request property \`${name}\` removed (unknown properties are refused)`,
          location,
        );
      } else {
        emit(
          'non-breaking',
          'request-property-removed',
          `request property \`${name}\` removed (still accepted as an additional property)`,
          location,
        );
      }
      continue;
    }
    if (w.direction === 'response' && breq.has(name) && !areq.has(name)) {
      emit(
        'breaking',
        'response-property-optional',
        `response property \`${name}\` made optional: it may be missing`,
        location,
      );
    } else if (w.direction === 'request' && !breq.has(name) && areq.has(name)) {
      emit('breaking', 'request-property-required', `request property \`${name}\` made required`, location);
    } else if (breq.has(name) !== areq.has(name)) {
      emit(
        'non-breaking',
        areq.has(name) ? 'property-required' : 'property-optional',
        `property \`${name}\` made ${areq.has(name) ? 'required' : 'optional'}`,
        location,
      );
    }
    walk(ctx, schema, ap[name], { ...w, location });
  }
  for (const name of Object.keys(ap)) {
    if (name in bp) continue;
    const location = at(name);
    if (w.direction === 'request' && areq.has(name)) {
      emit('breaking', 'request-property-added-required', `required request property \`${name}\` added`, location);
    } else {
      emit(
        'non-breaking',
        `${w.direction}-property-added`,
        `${areq.has(name) ? 'required' : 'optional'} property \`${name}\` added`,
        location,
      );
    }
  }
  const bAdd = b.additionalProperties;
  const aAdd = a.additionalProperties;
  const extra = `${w.location}{*}`;
  if (bAdd !== false && aAdd === false && (typesOf(b)?.has('object') ?? false)) {
    emit(classify(w.direction, true), 'constraint-narrowed', 'additional properties no longer allowed', extra);
  } else if (bAdd === false && aAdd !== undefined && aAdd !== false) {
    emit(classify(w.direction, false), 'constraint-widened', 'additional properties now allowed', extra);
  } else if (isObject(bAdd) || isObject(aAdd)) {
    walk(ctx, isObject(bAdd) ? bAdd : {}, isObject(aAdd) ? aAdd : bAdd === false ? false : {}, {
      ...w,
      location: extra,
    });
  }
  if (b.propertyNames !== undefined || a.propertyNames !== undefined) {
    walk(ctx, b.propertyNames ?? {}, a.propertyNames ?? {}, { ...w, location: `${w.location}{key}` });
  }
}

function compareVariants(
  ctx: SchemaContext,
  b: JsonObject,
  a: JsonObject,
  w: Walk,
  emit: Emit,
  keyword: 'oneOf' | 'anyOf',
): void {
  const bv = arrayOf(b[keyword]);
  const av = arrayOf(a[keyword]);
  if (bv.length === 0 && av.length === 0) return;
  const bDisc = isObject(b.discriminator) ? b.discriminator : undefined;
  const aDisc = isObject(a.discriminator) ? a.discriminator : undefined;
  if (bDisc && aDisc && bDisc.propertyName !== aDisc.propertyName) {
    emit(
      'breaking',
      'discriminator-changed',
      `discriminator changed from \`${String(bDisc.propertyName)}\` to \`${String(aDisc.propertyName)}\``,
    );
  }
  const label = (variants: Json[], i: number, disc: JsonObject | undefined): string => {
    const v = variants[i];
    const name = refName(v);
    if (disc && isObject(disc.mapping) && name) {
      const key = Object.entries(disc.mapping).find(([, ref]) => ref === `#/components/schemas/${name}`)?.[0];
      if (key) return key;
    }
    return name ?? `#${i}`;
  };
  const bLabels = bv.map((_, i) => label(bv, i, bDisc));
  const aLabels = av.map((_, i) => label(av, i, aDisc));
  bLabels.forEach((name, i) => {
    const j = aLabels.indexOf(name);
    const location = `${w.location}<${name}>`;
    if (j === -1) {
      emit(classify(w.direction, true), 'variant-removed', `${keyword} variant ${name} removed`, location);
    } else {
      walk(ctx, bv[i], av[j], { ...w, location });
    }
  });
  aLabels.forEach((name) => {
    if (bLabels.includes(name)) return;
    emit(
      classify(w.direction, false),
      'variant-added',
      w.direction === 'response'
        ? `${keyword} variant ${name} added: clients must handle the new shape`
        : `${keyword} variant ${name} now accepted`,
      `${w.location}<${name}>`,
    );
  });
}
