/**
 * A scripted `fetch`: each call consumes the next step of the script and is recorded (method, URL, headers,
 * parsed body, fake-or-real time of the call, and the request's signal).
 */
import type { Fetch } from '../../src/core/types';

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  at: number;
  signal: AbortSignal;
}

export type Step = Response | Error | ((request: Request, call: RecordedCall) => Response | Promise<Response>);

export function scriptedFetch(...script: Step[]): { fetch: Fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fetch: Fetch = async (request) => {
    const text = await request.clone().text();
    const call: RecordedCall = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
      at: Date.now(),
      signal: request.signal,
    };
    calls.push(call);
    const step = script.shift();
    if (step === undefined) throw new Error(`Unscripted call #${calls.length}: ${request.method} ${request.url}`);
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(request, call) : step;
  };
  return { fetch, calls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** An RFC 9457 problem response as the Solifyn API sends it. */
export function problem(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const body = {
    type: `https://docs.solifyn.com/errors/${code}`,
    title: code.replace(/_/g, ' '),
    status,
    detail: `detail of ${code}`,
    code,
    request_id: 'req_123',
    ...extra,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', 'request-id': 'req_123', ...headers },
  });
}

/** A fetch that never answers until its request is aborted (then rejects like a real fetch). */
export function hang(request: Request): Promise<Response> {
  return new Promise((_, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
}
