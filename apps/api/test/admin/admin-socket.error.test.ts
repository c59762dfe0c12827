import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AdminSocketError,
  AdminSocketUnavailableError,
  requestKeyViaSocket,
  startAdminSocket,
  type AdminSocketServer,
} from '../../src/admin-socket';
import type { Db } from '../../src/store/db';
import { testDb } from '../support/db';

let db: Db;
let dir: string;
let server: AdminSocketServer;
beforeEach(async () => {
  db = await testDb();
  dir = mkdtempSync(join(tmpdir(), 'solifyn-admin-'));
  server = await startAdminSocket(db, { dataDir: dir });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function raw(method: string, path: string, body: string, contentType = 'application/json') {
  return new Promise<{ status: number; body: { error: { code: string; message: string } } }>((resolve, reject) => {
    const req = request({ socketPath: server.path, method, path, headers: { 'content-type': contentType } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('admin socket rejects bad requests', () => {
  it('unknown account → 404 account_not_found, nothing created', async () => {
    const err = await requestKeyViaSocket(server.path, { mode: 'test', accountId: 'acct_nope' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AdminSocketError);
    expect(err).toMatchObject({ status: 404, code: 'account_not_found' });
    expect(await db.query('select id from api_keys')).toEqual([]);
  });

  it.each([
    ['{"mode":"prod"}', 'mode'],
    ['{}', 'mode'],
    ['{"mode":"test","account_id":""}', 'account_id'],
    ['{"mode":"test","extra":1}', 'extra'],
  ])('invalid body %s → 400 validation_failed', async (body, mentions) => {
    const res = await raw('POST', '/keys', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain(mentions);
  });

  it('malformed JSON → 400, wrong content type → 415, oversized body → 413', async () => {
    expect((await raw('POST', '/keys', '{nope')).body.error.code).toBe('malformed_json');
    expect((await raw('POST', '/keys', 'mode=test', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await raw('POST', '/keys', JSON.stringify({ mode: 'test', pad: 'x'.repeat(5000) }))).status).toBe(413);
  });

  it('other methods → 405, other paths → 404', async () => {
    expect((await raw('GET', '/keys', '')).status).toBe(405);
    expect((await raw('POST', '/accounts', '{}')).status).toBe(404);
  });

  it('a client reports a socket nobody listens on as unavailable', async () => {
    await expect(requestKeyViaSocket(join(dir, 'nobody.sock'), { mode: 'test' })).rejects.toThrow(
      AdminSocketUnavailableError,
    );
  });
});
