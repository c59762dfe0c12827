import { describe, expect, it } from 'vitest';
import { expectConforms } from '../src/expect';
import { Contract, formatViolation } from '../src/validator';
import { fixtureSpec } from './fixture';

const c = new Contract(fixtureSpec);
const observed = (status: number, body: unknown, headers: Record<string, string>) => ({
  status,
  headers: new Headers(headers),
  body,
});
const ok = { 'content-type': 'application/json', 'request-id': 'req_1' };

describe('contract: violations name the operation, status and pointer', () => {
  it('rejects an undocumented status', () => {
    const v = c.checkResponse('retrieveWidget', observed(500, {}, ok));
    expect(v && formatViolation(v)).toBe('retrieveWidget → 500: / status 500 is not documented (documented: 200, 404)');
  });

  it('rejects a field the schema forbids', () => {
    const v = c.checkResponse('retrieveWidget', observed(200, { id: 'wid_1', size: 1, secret: 'x' }, ok));
    expect(v?.pointer).toBe('/body');
    expect(v?.message).toContain('unexpected property "secret"');
  });

  it('rejects a value out of its schema with the pointer of the value', () => {
    const v = c.checkResponse('retrieveWidget', observed(200, { id: 'wid_1', size: 0 }, ok));
    expect(v?.pointer).toBe('/body/size');
  });

  it('rejects a missing required header', () => {
    const v = c.checkResponse(
      'retrieveWidget',
      observed(200, { id: 'wid_1', size: 1 }, { 'content-type': 'application/json' }),
    );
    expect(v?.pointer).toBe('/header/request-id');
  });

  it('rejects a header value out of its schema', () => {
    const v = c.checkResponse(
      'retrieveWidget',
      observed(200, { id: 'wid_1', size: 1 }, { ...ok, 'retry-after': '-3' }),
    );
    expect(v?.pointer).toBe('/header/retry-after');
  });

  it('rejects a wrong content type', () => {
    const v = c.checkResponse(
      'retrieveWidget',
      observed(200, { id: 'wid_1', size: 1 }, { ...ok, 'content-type': 'text/html' }),
    );
    expect(v?.pointer).toBe('/header/content-type');
  });

  it('rejects a problem code the operation does not document', () => {
    const v = c.checkResponse(
      'retrieveWidget',
      observed(404, { status: 404, code: 'route_not_found' }, { 'content-type': 'application/problem+json' }),
    );
    expect(v?.pointer).toBe('/body/code');
  });

  it('rejects a body where none is documented', () => {
    const v = c.checkResponse('special', observed(204, 'surprise', {}));
    expect(v?.pointer).toBe('/body');
  });

  it('throws from expectConforms with the formatted violation', async () => {
    const response = new Response(JSON.stringify({ id: 'wid_1' }), { status: 200, headers: ok });
    await expect(expectConforms('retrieveWidget', response, c)).rejects.toThrow(
      'Response does not follow the spec: retrieveWidget → 200: /body is missing required property "size"',
    );
  });

  it('throws for an operation the spec does not have', async () => {
    await expect(expectConforms('nope', new Response('{}'), c)).rejects.toThrow(/Unknown operationId "nope"/);
  });
});
