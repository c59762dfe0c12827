/**
 * The spec differ behind `pnpm spec:diff`: every difference between a released bundle and the current one that a
 * client of the API can notice, classified as breaking, needs-attention or non-breaking. Rules: ./README.md.
 */
import { deref } from './refs';
import { compareSchemas, type SchemaContext } from './schema';
import { isObject, type Change, type Json, type JsonObject, type Severity, type SpecDocument } from './types';

export * from './types';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

interface Operation {
  path: string;
  method: string;
  pathItem: JsonObject;
  op: JsonObject;
}

/** Operations keyed by method and path template with parameter names blanked, so a renamed path parameter still matches. */
function operationsOf(doc: SpecDocument): Map<string, Operation> {
  const out = new Map<string, Operation>();
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of METHODS) {
      const op = pathItem[method];
      if (isObject(op))
        out.set(`${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`, { path, method, pathItem, op });
    }
  }
  return out;
}

function describe(o: Operation): string {
  const id = typeof o.op.operationId === 'string' ? ` (${o.op.operationId})` : '';
  return `${o.method.toUpperCase()} ${o.path}${id}`;
}

export function diffSpecs(before: SpecDocument, after: SpecDocument): Change[] {
  const changes: Change[] = [];
  const emit = (change: Change) => changes.push(change);
  const beforeOps = operationsOf(before);
  const afterOps = operationsOf(after);
  for (const [key, b] of beforeOps) {
    const a = afterOps.get(key);
    const subjectId = typeof b.op.operationId === 'string' ? b.op.operationId : `${b.method.toUpperCase()} ${b.path}`;
    if (!a) {
      emit({
        severity: 'breaking',
        rule: 'operation-removed',
        subject: describe(b),
        subjectId,
        location: 'operation',
        message: 'operation removed',
      });
      continue;
    }
    const ctx: SchemaContext = { before, after, subject: describe(a), subjectId, emit };
    compareOperation(ctx, b, a);
  }
  for (const [key, a] of afterOps) {
    if (beforeOps.has(key)) continue;
    const subjectId = typeof a.op.operationId === 'string' ? a.op.operationId : `${a.method.toUpperCase()} ${a.path}`;
    emit({
      severity: 'non-breaking',
      rule: 'operation-added',
      subject: describe(a),
      subjectId,
      location: 'operation',
      message: 'operation added',
    });
  }
  compareWebhooks(before, after, emit);
  compareServers(before, after, emit);
  return changes;
}

function change(ctx: SchemaContext, severity: Severity, rule: string, location: string, message: string): void {
  ctx.emit({ severity, rule, subject: ctx.subject, subjectId: ctx.subjectId, location, message });
}

function compareOperation(ctx: SchemaContext, b: Operation, a: Operation): void {
  if (b.path !== a.path) {
    change(
      ctx,
      'needs-attention',
      'path-parameter-renamed',
      'path',
      `path parameter renamed: ${b.path} → ${a.path} (same URLs; generated clients' argument names change)`,
    );
  }
  if (b.op.operationId !== a.op.operationId) {
    change(
      ctx,
      'needs-attention',
      'operation-id-changed',
      'operation',
      `operationId changed from ${String(b.op.operationId)} to ${String(a.op.operationId)}: SDK method and type names follow it`,
    );
  }
  if (b.op.deprecated !== true && a.op.deprecated === true) {
    change(ctx, 'needs-attention', 'operation-deprecated', 'operation', 'operation deprecated');
  }
  compareSecurity(ctx, b.op, a.op);
  compareParameters(ctx, b, a);
  compareRequestBody(ctx, b.op.requestBody, a.op.requestBody, 'request');
  compareResponses(ctx, b.op, a.op);
}

/** Each security alternative as `scheme[scope,…]+scheme…`; `''` stands for "no credentials needed". */
function securityAlternatives(doc: SpecDocument, op: JsonObject): Set<string> {
  const requirements = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
  if (requirements.length === 0) return new Set(['']);
  return new Set(
    requirements.filter(isObject).map((req) =>
      Object.entries(req)
        .map(([scheme, scopes]) => `${scheme}[${(Array.isArray(scopes) ? scopes.map(String) : []).sort().join(',')}]`)
        .sort()
        .join('+'),
    ),
  );
}

function schemeDefinition(doc: SpecDocument, name: string): string {
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const { node } = deref(doc, schemes[name]);
  if (!node) return 'undefined';
  const { description: _description, ...rest } = node;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

function compareSecurity(ctx: SchemaContext, bOp: JsonObject, aOp: JsonObject): void {
  const bAlt = securityAlternatives(ctx.before, bOp);
  const aAlt = securityAlternatives(ctx.after, aOp);
  const show = (s: Set<string>) => [...s].map((x) => x || 'none').join(' or ');
  const lost = [...bAlt].filter((x) => !aAlt.has(x));
  if (lost.length > 0) {
    change(
      ctx,
      'breaking',
      'security-changed',
      'security',
      `security requirement changed from ${show(bAlt)} to ${show(aAlt)}`,
    );
  } else if (aAlt.size > bAlt.size) {
    change(
      ctx,
      'non-breaking',
      'security-relaxed',
      'security',
      `security now also accepts ${[...aAlt]
        .filter((x) => !bAlt.has(x))
        .map((x) => x || 'none')
        .join(' or ')}`,
    );
  }
  if (lost.length > 0) return;
  const schemes = new Set([...aAlt].flatMap((alt) => (alt ? alt.split('+').map((s) => s.replace(/\[.*$/, '')) : [])));
  for (const scheme of schemes) {
    if (schemeDefinition(ctx.before, scheme) !== schemeDefinition(ctx.after, scheme)) {
      change(ctx, 'breaking', 'security-changed', 'security', `security scheme \`${scheme}\` changed`);
    }
  }
}

interface Parameter {
  name: string;
  in: string;
  node: JsonObject;
}

/** Path-level and operation-level parameters (the latter win), keyed by location and name; path ones by position. */
function parametersOf(doc: SpecDocument, o: Operation): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  const pathNames = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const all = [
    ...(Array.isArray(o.pathItem.parameters) ? o.pathItem.parameters : []),
    ...(Array.isArray(o.op.parameters) ? o.op.parameters : []),
  ];
  for (const raw of all) {
    const { node } = deref(doc, raw);
    if (!node || typeof node.name !== 'string' || typeof node.in !== 'string') continue;
    const key =
      node.in === 'path'
        ? `path#${pathNames.indexOf(node.name)}`
        : `${node.in}:${node.in === 'header' ? node.name.toLowerCase() : node.name}`;
    out.set(key, { name: node.name, in: node.in, node });
  }
  return out;
}

function compareParameters(ctx: SchemaContext, b: Operation, a: Operation): void {
  const bp = parametersOf(ctx.before, b);
  const ap = parametersOf(ctx.after, a);
  for (const [key, p] of bp) {
    const q = ap.get(key);
    const location = `${p.in} parameter ${p.name}`;
    if (!q) {
      const moved = [...ap.values()].find((x) => x.name.toLowerCase() === p.name.toLowerCase());
      const renamed = [...ap.entries()].find(([k, x]) => !bp.has(k) && x.in === p.in);
      const message = moved
        ? `parameter moved from ${p.in} to ${moved.in}`
        : renamed
          ? `parameter renamed to ${renamed[1].name} (or removed)`
          : 'parameter removed';
      change(ctx, 'breaking', 'parameter-removed', location, message);
      continue;
    }
    const bReq = p.node.required === true;
    const aReq = q.node.required === true;
    if (!bReq && aReq) change(ctx, 'breaking', 'parameter-required', location, 'parameter made required');
    else if (bReq && !aReq) change(ctx, 'non-breaking', 'parameter-optional', location, 'parameter made optional');
    for (const key of ['style', 'explode', 'allowReserved'] as const) {
      if (p.node[key] !== q.node[key]) {
        change(
          ctx,
          'breaking',
          'parameter-serialization-changed',
          location,
          `${key} changed from ${String(p.node[key])} to ${String(q.node[key])}`,
        );
      }
    }
    compareSchemas(ctx, p.node.schema, q.node.schema, 'request', location);
  }
  for (const [key, q] of ap) {
    if (bp.has(key)) continue;
    const location = `${q.in} parameter ${q.name}`;
    if (q.node.required === true)
      change(ctx, 'breaking', 'parameter-added-required', location, 'required parameter added');
    else change(ctx, 'non-breaking', 'parameter-added', location, 'optional parameter added');
  }
}

function contentOf(node: JsonObject | undefined): JsonObject {
  return node && isObject(node.content) ? node.content : {};
}

function mediaLabel(media: string): string {
  return media === 'application/json' || media === 'application/problem+json' ? '' : ` (${media})`;
}

/** A request body as sent by the client: for operations `request`; for webhooks the body is what the client receives. */
function compareRequestBody(
  ctx: SchemaContext,
  bRaw: Json | undefined,
  aRaw: Json | undefined,
  direction: 'request' | 'response',
): void {
  const b = deref(ctx.before, bRaw).node;
  const a = deref(ctx.after, aRaw).node;
  const base = direction === 'request' ? 'request body' : 'payload';
  if (!b && !a) return;
  if (!b && a) {
    if (a.required === true)
      change(ctx, 'breaking', 'request-body-added-required', base, 'required request body added');
    else change(ctx, 'non-breaking', 'request-body-added', base, 'optional request body added');
    return;
  }
  if (b && !a) {
    change(ctx, 'breaking', 'request-body-removed', base, `${base} removed`);
    return;
  }
  if (direction === 'request' && b?.required !== true && a?.required === true) {
    change(ctx, 'breaking', 'request-body-required', base, 'request body made required');
  }
  const bc = contentOf(b);
  const ac = contentOf(a);
  for (const [media, bMedia] of Object.entries(bc)) {
    const location = `${base}${mediaLabel(media)}`;
    const aMedia = ac[media];
    if (!isObject(aMedia)) {
      change(
        ctx,
        'breaking',
        direction === 'request' ? 'request-content-type-removed' : 'payload-content-type-removed',
        location,
        `content type ${media} removed`,
      );
      continue;
    }
    compareSchemas(ctx, isObject(bMedia) ? bMedia.schema : undefined, aMedia.schema, direction, location);
  }
  for (const media of Object.keys(ac)) {
    if (media in bc) continue;
    change(
      ctx,
      direction === 'request' ? 'non-breaking' : 'needs-attention',
      direction === 'request' ? 'request-content-type-added' : 'payload-content-type-added',
      `${base}${mediaLabel(media)}`,
      `content type ${media} added`,
    );
  }
}

/** Problem codes an operation documents, each with the statuses it comes with (`x-problem-codes` on each response). */
function problemCodesOf(doc: SpecDocument, op: JsonObject): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const responses = isObject(op.responses) ? op.responses : {};
  for (const [status, raw] of Object.entries(responses)) {
    const { node } = deref(doc, raw);
    const codes = node?.['x-problem-codes'];
    if (!Array.isArray(codes)) continue;
    for (const code of codes) {
      if (typeof code !== 'string') continue;
      if (!out.has(code)) out.set(code, new Set());
      out.get(code)?.add(status);
    }
  }
  return out;
}

function compareResponses(ctx: SchemaContext, bOp: JsonObject, aOp: JsonObject): void {
  const direction = 'response';
  const br = isObject(bOp.responses) ? bOp.responses : {};
  const ar = isObject(aOp.responses) ? aOp.responses : {};
  for (const [status, bRaw] of Object.entries(br)) {
    const location = `response ${status}`;
    if (!(status in ar)) {
      change(ctx, 'breaking', 'response-status-removed', location, `response status ${status} removed`);
      continue;
    }
    const b = deref(ctx.before, bRaw).node;
    const a = deref(ctx.after, ar[status]).node;
    const bc = contentOf(b);
    const ac = contentOf(a);
    for (const [media, bMedia] of Object.entries(bc)) {
      const body = `${location} body${mediaLabel(media)}`;
      const aMedia = ac[media];
      if (!isObject(aMedia)) {
        change(ctx, 'breaking', 'response-content-type-removed', body, `response content type ${media} removed`);
        continue;
      }
      compareSchemas(ctx, isObject(bMedia) ? bMedia.schema : undefined, aMedia.schema, direction, body);
    }
    for (const media of Object.keys(ac)) {
      if (!(media in bc))
        change(
          ctx,
          'needs-attention',
          'response-content-type-added',
          `${location} body${mediaLabel(media)}`,
          `response content type ${media} added`,
        );
    }
    const bh = b && isObject(b.headers) ? b.headers : {};
    const ah = a && isObject(a.headers) ? a.headers : {};
    const ahLower = new Map(Object.entries(ah).map(([k, v]) => [k.toLowerCase(), v]));
    const bhLower = new Set(Object.keys(bh).map((k) => k.toLowerCase()));
    for (const [name, bHeader] of Object.entries(bh)) {
      const headerLocation = `${location} header ${name}`;
      const aHeader = ahLower.get(name.toLowerCase());
      if (aHeader === undefined) {
        change(ctx, 'breaking', 'response-header-removed', headerLocation, `response header ${name} removed`);
        continue;
      }
      compareSchemas(
        ctx,
        deref(ctx.before, bHeader).node?.schema,
        deref(ctx.after, aHeader).node?.schema,
        direction,
        headerLocation,
      );
    }
    for (const name of Object.keys(ah)) {
      if (!bhLower.has(name.toLowerCase()))
        change(
          ctx,
          'non-breaking',
          'response-header-added',
          `${location} header ${name}`,
          `response header ${name} added`,
        );
    }
  }
  for (const status of Object.keys(ar)) {
    if (!(status in br)) {
      change(
        ctx,
        'needs-attention',
        'response-status-added',
        `response ${status}`,
        `response status ${status} added: clients must handle it`,
      );
    }
  }
  const bCodes = problemCodesOf(ctx.before, bOp);
  const aCodes = problemCodesOf(ctx.after, aOp);
  for (const [code, bStatuses] of bCodes) {
    const aStatuses = aCodes.get(code);
    if (!aStatuses) {
      change(
        ctx,
        'breaking',
        'problem-code-removed',
        `problem code ${code}`,
        `problem code \`${code}\` (${[...bStatuses].join(', ')}) removed from the operation`,
      );
      continue;
    }
    const lost = [...bStatuses].filter((s) => !aStatuses.has(s));
    if (lost.length > 0) {
      change(
        ctx,
        'breaking',
        'problem-code-moved',
        `problem code ${code}`,
        `problem code \`${code}\` no longer comes with ${lost.join(', ')} (now ${[...aStatuses].join(', ')})`,
      );
    }
  }
  for (const [code, aStatuses] of aCodes) {
    if (!bCodes.has(code)) {
      change(
        ctx,
        'needs-attention',
        'problem-code-added',
        `problem code ${code}`,
        `problem code \`${code}\` (${[...aStatuses].join(', ')}) added: clients that switch on \`code\` should handle it`,
      );
    }
  }
}

function compareWebhooks(before: SpecDocument, after: SpecDocument, emit: (c: Change) => void): void {
  const bw = isObject(before.webhooks) ? before.webhooks : {};
  const aw = isObject(after.webhooks) ? after.webhooks : {};
  for (const [name, bItem] of Object.entries(bw)) {
    const subject = `webhook ${name}`;
    const aItem = aw[name];
    if (!isObject(aItem) || !isObject(bItem)) {
      emit({
        severity: 'breaking',
        rule: 'webhook-removed',
        subject,
        subjectId: name,
        location: 'webhook',
        message: `webhook event type ${name} removed`,
      });
      continue;
    }
    const ctx: SchemaContext = { before, after, subject, subjectId: name, emit };
    for (const method of METHODS) {
      const bOp = bItem[method];
      const aOp = aItem[method];
      if (!isObject(bOp)) continue;
      if (!isObject(aOp)) {
        change(ctx, 'breaking', 'webhook-removed', 'webhook', `webhook ${method.toUpperCase()} delivery removed`);
        continue;
      }
      // The payload is what the receiver reads (response direction); the headers it receives likewise.
      compareRequestBody(ctx, bOp.requestBody, aOp.requestBody, 'response');
      const params = (op: JsonObject, doc: SpecDocument) =>
        new Map(
          (Array.isArray(op.parameters) ? op.parameters : [])
            .map((p) => deref(doc, p).node)
            .filter((p): p is JsonObject => !!p && typeof p.name === 'string')
            .map((p) => [String(p.name).toLowerCase(), p]),
        );
      const bParams = params(bOp, before);
      const aParams = params(aOp, after);
      for (const [key, p] of bParams) {
        const q = aParams.get(key);
        if (!q)
          change(
            ctx,
            'breaking',
            'webhook-header-removed',
            `header ${String(p.name)}`,
            `delivery header ${String(p.name)} removed`,
          );
        else compareSchemas(ctx, p.schema, q.schema, 'response', `header ${String(p.name)}`);
      }
    }
  }
  for (const name of Object.keys(aw)) {
    if (!(name in bw))
      emit({
        severity: 'non-breaking',
        rule: 'webhook-added',
        subject: `webhook ${name}`,
        subjectId: name,
        location: 'webhook',
        message: `webhook event type ${name} added`,
      });
  }
}

function compareServers(before: SpecDocument, after: SpecDocument, emit: (c: Change) => void): void {
  const urls = (doc: SpecDocument) =>
    new Set((Array.isArray(doc.servers) ? doc.servers : []).filter(isObject).map((s) => String(s.url)));
  const b = urls(before);
  const a = urls(after);
  for (const url of b) {
    if (!a.has(url)) {
      emit({
        severity: 'breaking',
        rule: 'server-removed',
        subject: 'servers',
        subjectId: 'servers',
        location: 'servers',
        message: `server ${url} removed`,
      });
    }
  }
}
