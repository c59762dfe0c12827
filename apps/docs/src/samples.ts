/** The curl sample of an operation, generated from its spec: the first request example, the test-key placeholder. */
import type { Operation } from './spec';

/** What the samples send as the key: readers paste theirs (the try-it panel takes only test keys). */
export const testKeyPlaceholder = 'sk_test_…';

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The path with each `{param}` replaced by the parameter's example (percent-encoded), or left as `{param}`. */
export function examplePath(op: Operation): string {
  return op.path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    return param?.example === undefined ? whole : encodeURIComponent(String(param.example));
  });
}

/** Query parameters a first call would send: the required ones (their example) and those with a default. */
export function exampleQuery(op: Operation): URLSearchParams {
  const query = new URLSearchParams();
  for (const p of op.parameters.filter((param) => param.in === 'query')) {
    const value = p.required ? p.example : p.schema.default;
    if (value !== undefined) query.set(p.name, String(value));
  }
  return query;
}

export function curlSample(op: Operation, baseUrl: string): string {
  const query = exampleQuery(op).toString();
  const url = `${baseUrl}${examplePath(op)}${query ? `?${query}` : ''}`;
  const body = op.requestBody?.examples[0]?.value;
  const lines = [
    `curl ${op.method === 'GET' || (op.method === 'POST' && body !== undefined) ? '' : `-X ${op.method} `}${shellQuote(url)}`,
  ];
  if (op.authenticated) lines.push(`-H ${shellQuote(`Authorization: Bearer ${testKeyPlaceholder}`)}`);
  if (body !== undefined) {
    lines.push(`-H ${shellQuote(`Content-Type: ${op.requestBody!.contentType}`)}`);
    lines.push(`-d ${shellQuote(JSON.stringify(body, null, 2))}`);
  }
  return lines.join(' \\\n  ');
}
