import { chmodSync, unlinkSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import type { Mode } from './domain/scope';
import {
  AccountNotFoundError,
  type ApiKey,
  ApiKeyInactiveError,
  ApiKeyNotFoundError,
  issueApiKey,
  listApiKeys,
  revokeApiKeyById,
  rollApiKey,
} from './store/accounts';
import type { Db } from './store/db';

/**
 * Local admin channel of a server that holds the embedded data dir: a node:http server on the Unix socket
 * DATA_DIR/admin.sock (mode 0600, never TCP). `pnpm admin` uses it when it cannot open the data dir itself.
 *   POST /keys {mode: 'test'|'live', account_id?} → 201 {account_id, key, mode}
 *   POST /keys/{key_id}/revoke → 200 {key_id, account_id, mode, revoked_at} (the running server's cache drops it)
 *   POST /keys/list {account_id?} → 200 {keys: [KeyJson…]}
 *   POST /keys/{key_id}/roll {expires_in_seconds} → 200 RolledKeyJson
 *   errors → {error: {code, message}} with 400 / 404 (account_not_found) / 405 / 413 / 415 / 500
 */

export const ADMIN_SOCKET_FILE = 'admin.sock';
// sockaddr_un.sun_path is 108 bytes on Linux (104 on macOS) including the NUL terminator.
const MAX_SOCKET_PATH_BYTES = 103;
const MAX_BODY_BYTES = 4096;

export function adminSocketPath(dataDir: string): string {
  return join(dataDir, ADMIN_SOCKET_FILE);
}

export interface IssuedKeyJson {
  account_id: string;
  key: string;
  mode: Mode;
}

export interface RevokedKeyJson {
  key_id: string;
  account_id: string;
  mode: Mode;
  revoked_at: string;
}

/** A key as `pnpm admin list-keys` prints it: never its secret. */
export interface KeyJson {
  key_id: string;
  account_id: string;
  mode: Mode;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
}

export interface RolledKeyJson {
  key_id: string;
  key: string;
  account_id: string;
  mode: Mode;
  previous: KeyJson;
}

export function keyJson(key: ApiKey): KeyJson {
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  return {
    key_id: key.id,
    account_id: key.accountId,
    mode: key.mode,
    prefix: key.keyPrefix,
    created_at: key.createdAt.toISOString(),
    last_used_at: iso(key.lastUsedAt),
    revoked_at: iso(key.revokedAt),
    expires_at: iso(key.expiresAt),
  };
}

/** Rolls `keyId` (the old key expires `expiresInSeconds` from now) and says what was made, as one JSON object. */
export async function rollKeyJson(db: Db, keyId: string, expiresInSeconds: number): Promise<RolledKeyJson> {
  const now = new Date();
  const { issued, previous } = await rollApiKey(db, {
    keyId,
    oldExpiresAt: new Date(now.getTime() + expiresInSeconds * 1000),
    now,
  });
  return {
    key_id: issued.id,
    key: issued.secret,
    account_id: issued.accountId,
    mode: issued.mode,
    previous: keyJson(previous),
  };
}

/** The longest `--expires-in` of a rolled key's predecessor. */
export const maxRollExpirySeconds = 30 * 86_400;

const listKeysBody = z.strictObject({ account_id: z.string().min(1).max(64).optional() });
const rollKeyBody = z.strictObject({ expires_in_seconds: z.number().int().min(0).max(maxRollExpirySeconds) });

export interface AdminSocketServer {
  readonly path: string;
  close(): Promise<void>;
}

const createKeyBody = z.strictObject({
  mode: z.enum(['test', 'live']),
  account_id: z.string().min(1).max(64).optional(),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts listening on DATA_DIR/admin.sock. Call it only while holding the data-dir lock: any socket file
 * already there is then a leftover of a crashed server and is removed.
 */
export async function startAdminSocket(db: Db, options: { dataDir: string }): Promise<AdminSocketServer> {
  const path = adminSocketPath(options.dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(`Admin socket path is too long for a Unix socket (${Buffer.byteLength(path)} bytes): ${path}`);
  }
  removeStale(path);

  const server = createServer((req, res) => {
    handle(db, req)
      .then(({ status, body }) => send(res, status, body))
      .catch((err: unknown) => {
        if (err instanceof HttpError) send(res, err.status, { error: { code: err.code, message: err.message } });
        else send(res, 500, { error: { code: 'internal_error', message: 'Internal error' } });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The data dir is created 0700, so nobody else could reach the socket before this chmod.
  chmodSync(path, 0o600);

  return {
    path,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(db: Db, req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://admin.sock');
  const revoke = /^\/keys\/(key_[A-Za-z0-9]{1,64})\/revoke$/.exec(url.pathname);
  const roll = /^\/keys\/(key_[A-Za-z0-9]{1,64})\/roll$/.exec(url.pathname);
  if (url.pathname !== '/keys' && url.pathname !== '/keys/list' && !revoke && !roll) {
    throw new HttpError(404, 'not_found', `No admin route ${url.pathname}`);
  }
  if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', `Use POST ${url.pathname}`);
  if (url.pathname === '/keys/list') {
    const { account_id } = await jsonBody(req, listKeysBody);
    return { status: 200, body: { keys: (await listApiKeys(db, { accountId: account_id })).map(keyJson) } };
  }
  if (roll) {
    const { expires_in_seconds } = await jsonBody(req, rollKeyBody);
    try {
      return { status: 200, body: await rollKeyJson(db, roll[1]!, expires_in_seconds) };
    } catch (err) {
      if (err instanceof ApiKeyNotFoundError) throw new HttpError(404, 'key_not_found', err.message);
      if (err instanceof ApiKeyInactiveError) throw new HttpError(409, `key_${err.state}`, err.message);
      throw err;
    }
  }
  if (revoke) {
    try {
      return { status: 200, body: revokedKeyJson(await revokeApiKeyById(db, revoke[1]!)) };
    } catch (err) {
      if (err instanceof ApiKeyNotFoundError) throw new HttpError(404, 'key_not_found', err.message);
      throw err;
    }
  }
  const parsed = await jsonBody(req, createKeyBody);
  try {
    const issued = await issueApiKey(db, { mode: parsed.mode, accountId: parsed.account_id });
    const body: IssuedKeyJson = { account_id: issued.accountId, key: issued.secret, mode: issued.mode };
    return { status: 201, body };
  } catch (err) {
    if (err instanceof AccountNotFoundError) throw new HttpError(404, 'account_not_found', err.message);
    throw err;
  }
}

export function revokedKeyJson(key: {
  id: string;
  accountId: string;
  mode: Mode;
  revokedAt: Date | null;
}): RevokedKeyJson {
  return { key_id: key.id, account_id: key.accountId, mode: key.mode, revoked_at: key.revokedAt!.toISOString() };
}

/** The request's JSON body, checked against `schema` (415 / 400 / 413 otherwise). */
async function jsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  const raw = await readBody(req);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'malformed_json', 'Body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new HttpError(400, 'validation_failed', issues);
  }
  return parsed.data;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large', `Body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function removeStale(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The server answered with an error (`code` from its error body, e.g. account_not_found). */
export class AdminSocketError extends Error {
  override name = 'AdminSocketError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Nothing is listening on the socket: the process holding the data dir has not started it (yet), or runs without. */
export class AdminSocketUnavailableError extends Error {
  override name = 'AdminSocketUnavailableError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`No server is listening on the admin socket ${path}`, { cause });
  }
}

/** Client side of POST /keys. */
export function requestKeyViaSocket(
  socketPath: string,
  input: { mode: Mode; accountId?: string },
): Promise<IssuedKeyJson> {
  const payload = JSON.stringify({
    mode: input.mode,
    ...(input.accountId !== undefined ? { account_id: input.accountId } : {}),
  });
  return adminRequest<IssuedKeyJson>(socketPath, '/keys', payload, 201);
}

/** Client side of POST /keys/list. */
export function listKeysViaSocket(socketPath: string, accountId: string | undefined): Promise<{ keys: KeyJson[] }> {
  const payload = JSON.stringify(accountId !== undefined ? { account_id: accountId } : {});
  return adminRequest<{ keys: KeyJson[] }>(socketPath, '/keys/list', payload, 200);
}

/** Client side of POST /keys/{key_id}/roll. */
export function rollKeyViaSocket(socketPath: string, keyId: string, expiresInSeconds: number): Promise<RolledKeyJson> {
  const payload = JSON.stringify({ expires_in_seconds: expiresInSeconds });
  return adminRequest<RolledKeyJson>(socketPath, `/keys/${encodeURIComponent(keyId)}/roll`, payload, 200);
}

/** Client side of POST /keys/{key_id}/revoke. */
export function revokeKeyViaSocket(socketPath: string, keyId: string): Promise<RevokedKeyJson> {
  return adminRequest<RevokedKeyJson>(socketPath, `/keys/${encodeURIComponent(keyId)}/revoke`, '{}', 200);
}

function adminRequest<T>(socketPath: string, path: string, payload: string, expected: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            return reject(
              new AdminSocketError(res.statusCode ?? 0, 'bad_response', `Unexpected admin response: ${text}`),
            );
          }
          if (res.statusCode === expected) return resolve(body as T);
          const error = (body as { error?: { code?: string; message?: string } }).error;
          reject(new AdminSocketError(res.statusCode ?? 0, error?.code ?? 'unknown', error?.message ?? text));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('Admin socket request timed out')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')
        reject(new AdminSocketUnavailableError(socketPath, err));
      else reject(err);
    });
    req.end(payload);
  });
}
