import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DomainError } from '../domain/failure';
import { assertWebhookUrlAllowed } from '../domain/webhook-url';
import type { Mode } from '../domain/scope';

/** Hostname → addresses; injectable so tests can make a name resolve where they want (DNS rebinding). */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookupAll(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export interface WebhookRequest {
  url: string;
  mode: Mode;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  resolve?: Resolver;
}

/** `status` is the response status (null when none came); `error` says why the attempt did not succeed. */
export interface WebhookResponse {
  status: number | null;
  error: string | null;
}

class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
}

/**
 * Checks the addresses at connection time, inside the socket's own lookup, so what is checked is what is
 * connected to: a name that resolved publicly when the endpoint was created and privately now (DNS rebinding) is
 * refused for live endpoints. Test endpoints may reach loopback (developers receiving on their machine).
 */
function guardedLookup(url: URL, mode: Mode, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const done = callback as (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    resolve(hostname)
      .then((addresses) => {
        checkAllowed(url, mode, addresses);
        const entries = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => entry.family !== 0 && (!options.family || entry.family === options.family));
        if (entries.length === 0) {
          done(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '', 0);
        } else if (options.all) {
          done(null, entries);
        } else {
          done(null, entries[0]!.address, entries[0]!.family);
        }
      })
      .catch((error: unknown) => done(error as NodeJS.ErrnoException, '', 0));
  };
}

function checkAllowed(url: URL, mode: Mode, addresses: string[]): void {
  try {
    assertWebhookUrlAllowed(url, mode, addresses);
  } catch (error) {
    if (error instanceof DomainError) throw new RefusedAddressError(error.field?.detail ?? error.detail);
    throw error;
  }
}

/**
 * POSTs one webhook attempt. Never follows redirects (a 3xx is a failed attempt); the whole attempt — DNS, connect,
 * TLS, request, response status — is bounded by `timeoutMs`. Resolves, never rejects.
 */
export function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  let url: URL;
  try {
    url = new URL(request.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    // An IP literal never reaches the lookup: check it here. Names are checked in the lookup.
    if (isIP(host) !== 0 || request.mode === 'test') checkAllowed(url, request.mode, [host]);
  } catch (error) {
    return Promise.resolve({ status: null, error: describe(error) });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: WebhookResponse) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      lookup: guardedLookup(url, request.mode, request.resolve ?? systemResolver),
      agent: false,
    });
    const timer = setTimeout(() => {
      settle({ status: null, error: `timed out after ${request.timeoutMs} ms` });
      req.destroy();
    }, request.timeoutMs);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      settle({
        status,
        error: ok
          ? null
          : status >= 300 && status < 400
            ? `HTTP ${status} (redirects are not followed)`
            : `HTTP ${status}`,
      });
      // The body is not needed; drain it so the socket closes, but not past the timeout.
      res.resume();
      res.on('close', () => clearTimeout(timer));
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      settle({ status: null, error: describe(error) });
    });
    req.end(request.body);
  });
}

function describe(error: unknown): string {
  if (error instanceof RefusedAddressError) return `refused: ${error.message}`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
