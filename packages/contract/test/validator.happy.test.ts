import { describe, expect, it } from 'vitest';
import { Contract } from '../src/validator';
import { fixtureSpec } from './fixture';

const c = new Contract(fixtureSpec);
const json = (body: unknown, type = 'application/json', extra: Record<string, string> = {}) => ({
  status: 200,
  headers: new Headers({ 'content-type': type, 'request-id': 'req_1', ...extra }),
  body,
});

describe('contract: conforming responses', () => {
  it('accepts a documented status, headers and body', () => {
    expect(c.checkResponse('retrieveWidget', json({ id: 'wid_1', size: 2 }))).toBeUndefined();
  });

  it('accepts a documented problem code', () => {
    const observed = { ...json({ status: 404, code: 'widget_not_found' }, 'application/problem+json'), status: 404 };
    expect(c.checkResponse('retrieveWidget', observed)).toBeUndefined();
  });

  it('routes a concrete path to its operation, literal segments first', () => {
    expect(c.match('GET', '/widgets/special')?.operationId).toBe('special');
    expect(c.match('GET', '/widgets/wid_9')?.operationId).toBe('retrieveWidget');
    expect(c.match('POST', '/widgets/wid_9')).toBeUndefined();
  });

  it('knows which operations need auth', () => {
    expect(c.operation('retrieveWidget').requiresAuth).toBe(true);
    expect(c.operation('special').requiresAuth).toBe(false);
  });
});
