import type { MiddlewareHandler } from 'hono';
import { ApiError, type FieldError } from '../errors';
import { hasBody, maxBodyBytes, readBody } from './body';
import type { AppEnv } from './env';
import { apiRoutes, type RouteTemplate } from './route-table';
import { validationError } from './validation';

/**
 * The string rule, in one place: text PostgreSQL or JSON cannot keep as sent is refused wherever it enters —
 * U+0000 (PostgreSQL `text` and `jsonb` reject it) and unpaired UTF-16 surrogates (not Unicode text: they cannot
 * be encoded as UTF-8, and `JSON.parse` turns a `"\ud800"` escape into one). The API answers 400
 * `validation_failed` with a pointer to each; the hosted page turns the same check into form errors.
 *
 * Returns what is wrong, to follow "The value …", or undefined when the text is fine.
 */
export function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains U+0000 (NUL), which cannot be stored';
  if (!text.isWellFormed()) return 'contains an unpaired UTF-16 surrogate (U+D800–U+DFFF), which is not Unicode text';
  return undefined;
}

/**
 * One RFC 6901 reference token (`~` → `~0`, `/` → `~1`). A token that breaks the rule itself (a property named
 * "a\u0000") shows U+FFFD in its place, so the pointer is text that can be serialised, logged and stored.
 */
export function pointerToken(token: PropertyKey): string {
  let text = String(token);
  if (unstorable(text)) text = text.replaceAll('\u0000', '\uFFFD').toWellFormed();
  return text.replaceAll('~', '~0').replaceAll('/', '~1');
}

const notUtf8 = 'is not valid percent-encoded UTF-8 (each `%` starts a `%XX` escape, and the bytes must be UTF-8)';
/** At most this many entries in `errors` (the Problem schema's `maxItems`); the scan stops there. */
const maxErrors = 100;

/** `decodeURIComponent`, or undefined for an invalid sequence (Hono keeps `%ff` as literal text; we refuse it). */
function decodeComponent(raw: string, plusIsSpace: boolean): string | undefined {
  const text = plusIsSpace && raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The pointer of path segment `index`: `/path/<parameter>` when a route template names it, else `/path`. */
function pathPointer(segments: (string | undefined)[], index: number, templates: readonly RouteTemplate[]): string {
  const template = templates.find(
    (t) =>
      t.segments.length === segments.length &&
      t.segments.every((part, i) => typeof part !== 'string' || part === segments[i]),
  );
  const part = template?.segments[index];
  return part && typeof part !== 'string' ? `/path/${pointerToken(part.param)}` : '/path';
}

/** Path segments and query parameters (names and values), percent-decoded strictly. */
export function checkUrl(url: string, templates: readonly RouteTemplate[], errors: FieldError[]): void {
  const start = url.indexOf('/', url.indexOf(':') + 4);
  if (start === -1) return;
  const hash = url.indexOf('#', start);
  const end = hash === -1 ? url.length : hash;
  const queryStart = url.indexOf('?', start);
  const pathEnd = queryStart === -1 || queryStart > end ? end : queryStart;

  const path = url.slice(start + 1, pathEnd);
  if (path.includes('%')) {
    const segments = path.split('/').map((segment) => decodeComponent(segment, false));
    segments.forEach((segment, i) => {
      const problem = segment === undefined ? notUtf8 : unstorable(segment);
      if (problem) errors.push({ pointer: pathPointer(segments, i, templates), detail: `The value ${problem}.` });
    });
  }

  if (pathEnd === end) return;
  const query = url.slice(pathEnd + 1, end);
  if (!query.includes('%')) return; // a serialised URL's query is ASCII; only percent-escapes can carry anything
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const name = decodeComponent(rawName, true);
    if (name === undefined) {
      errors.push({ pointer: `/query/${pointerToken(rawName)}`, detail: `The parameter name ${notUtf8}.` });
      continue;
    }
    const pointer = `/query/${pointerToken(name)}`;
    const nameProblem = unstorable(name);
    if (nameProblem) errors.push({ pointer, detail: `The parameter name ${nameProblem}.` });
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1), true);
    const problem = value === undefined ? notUtf8 : unstorable(value);
    if (problem) errors.push({ pointer, detail: `The value ${problem}.` });
  }
}

/** The request headers the API reads. */
const readHeaders = ['idempotency-key', 'authorization'] as const;

/**
 * Fetch `Headers` are byte strings and refuse NUL, and Node's HTTP parser answers 400 itself to one, so this only
 * matters for a runtime that hands over something else; it costs two lookups.
 */
export function checkHeaders(headers: { get(name: string): string | null }, errors: FieldError[]): void {
  for (const name of readHeaders) {
    const value = headers.get(name);
    const problem = value === null ? undefined : unstorable(value);
    if (problem) errors.push({ pointer: `/header/${name}`, detail: `The value ${problem}.` });
  }
}

/** Every string of a parsed JSON value, object keys included; iterative, so no nesting depth overflows the stack. */
export function checkJson(value: unknown, base: string, errors: FieldError[]): void {
  const stack: [unknown, string][] = [[value, base]];
  while (stack.length > 0 && errors.length < maxErrors) {
    const [node, pointer] = stack.pop()!;
    if (typeof node === 'string') {
      const problem = unstorable(node);
      if (problem) errors.push({ pointer, detail: `The value ${problem}.` });
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${pointer}/${i}`]);
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        const at = `${pointer}/${pointerToken(key)}`;
        const problem = unstorable(key);
        if (problem) errors.push({ pointer: at, detail: `The property name ${problem}.` });
        stack.push([(node as Record<string, unknown>)[key], at]);
      }
    }
  }
}

/**
 * A JSON text can only hold NUL or an unpaired surrogate through a `\u0000` or `\uD800`–`\uDFFF` escape: raw NUL
 * is a syntax error and the text was decoded as strict UTF-8. Without one, the parsed value needs no walk.
 */
const riskyEscape = /\\u(?:0000|[dD][89abcdefABCDEF])/;

/**
 * Deeper JSON than this is refused: `JSON.parse` copes with any depth, but `JSON.stringify` (idempotency hash,
 * jsonb parameters, limits) recurses and overflows the stack somewhere past a few thousand levels. No schema of
 * ours nests beyond 8 (`checkoutData` itself allows 5).
 */
export const maxJsonDepth = 64;

/** Whether valid JSON text nests objects/arrays deeper than `limit`: one scan, strings skipped. */
function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= limit * 2) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > limit) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the route answering `method path` takes a JSON body (matched once per request that sends one). */
function routeTakesJson(method: string, path: string): boolean {
  return apiRoutes.find((r) => r.method === method && r.pattern.test(path))?.jsonBody ?? false;
}

/**
 * Applies the string rule to everything an API request carries — path, query, the headers we read and the JSON
 * body at any depth — before authentication, handlers or SQL see it. The body is read and parsed once here; the
 * route validator's `c.req.json()` and the idempotency hash reuse the parsed value.
 */
export const storableStrings: MiddlewareHandler<AppEnv> = async (c, next) => {
  const errors: FieldError[] = [];
  checkUrl(c.req.url, apiRoutes, errors);
  checkHeaders(c.req.raw.headers, errors);
  if (errors.length > 0) throw validationError(errors);

  const mediaType = c.req.header('content-type')?.split(';')[0]?.trim() ?? '';
  if (jsonMediaType.test(mediaType) && hasBody(c) && routeTakesJson(c.req.method, c.req.path)) {
    const bytes = await readBody(c, maxBodyBytes);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new ApiError('malformed_json', 'The request body is not valid UTF-8; JSON text must be UTF-8.');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // Not JSON: the route's validator answers malformed_json (the body was read; it asks `json()` for it).
      const notJson = Promise.reject(error as Error);
      notJson.catch(() => {});
      c.req.json = () => notJson as Promise<never>;
      await next();
      return;
    }
    if (nestsDeeperThan(text, maxJsonDepth)) {
      errors.push({ pointer: '/body', detail: `The JSON nests deeper than ${maxJsonDepth} levels.` });
    } else if (riskyEscape.test(text)) checkJson(parsed, '/body', errors);
    if (errors.length > 0) throw validationError(errors);
    c.set('jsonBody', { value: parsed });
    // Hono 4's `json()` parses the cached text again on every call; the validator gets this parse instead.
    const body = Promise.resolve(parsed);
    c.req.json = () => body as Promise<never>;
  }
  await next();
};
