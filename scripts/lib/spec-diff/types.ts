/** What one difference between two versions of the spec means for a client already integrated with the old one. */
export type Severity = 'breaking' | 'needs-attention' | 'non-breaking';

/** `request`: data the client sends (it must stay accepted); `response`: data the client reads (it must stay as promised). */
export type Direction = 'request' | 'response';

export interface Change {
  severity: Severity;
  /** Stable rule id, e.g. `response-property-removed` (listed in scripts/lib/spec-diff/README.md). */
  rule: string;
  /** The operation or webhook affected: `GET /v1/orders/{orderId} (retrieveOrder)`, `webhook order.created`. */
  subject: string;
  /** The operationId or webhook name, for the changelog check. */
  subjectId: string;
  /** Where in it: `response 200 body.aff`, `query parameter limit`. */
  location: string;
  /** The innermost named schema (`components/schemas/<name>`) the change lies in, if any. */
  component?: string;
  message: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type SpecDocument = JsonObject;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function formatChange(change: Change): string {
  return `${change.subject}: ${change.location} — ${change.message} [${change.rule}]`;
}
