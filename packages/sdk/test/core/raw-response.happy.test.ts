/** `.withResponse()`, `.asResponse()` and the non-enumerable `requestId` on every result. */
import { describe, expect, it } from 'vitest';
import { APIPromise } from '../../src/core/api-promise';
import { NotFoundError, SolifynError } from '../../src/core/errors';
import { PagePromise } from '../../src/core/pagination';
import { json, problem, scriptedFetch } from '../helpers/scripted-fetch';
import { widget, widgetClient } from '../helpers/widgets-api';

const headers = {
  'request-id': 'req_Success42',
  ratelimit: '"default";r=99;t=1',
  'idempotent-replayed': 'true',
};
const retrieve = (client: ReturnType<typeof widgetClient>) =>
  client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } });

describe('results carry the request id of a successful call', () => {
  it('as a non-enumerable requestId: JSON.stringify and Object.keys still give the wire shape', async () => {
    const { fetch } = scriptedFetch(json(200, widget('w1'), headers));
    const result = await retrieve(widgetClient({ fetch }));
    expect(result.requestId).toBe('req_Success42');
    expect(Object.keys(result)).not.toContain('requestId');
    expect(JSON.parse(JSON.stringify(result))).toEqual(widget('w1'));
    expect(result.displayName).toBe('Widget w1');
  });

  it('on pages too, and undefined when the response had no Request-Id', async () => {
    const { fetch } = scriptedFetch(
      json(200, { data: [widget('w1')], has_more: false, next_cursor: null }, headers),
      json(200, widget('w2')),
    );
    const client = widgetClient({ fetch });
    expect((await client.list('/v1/widgets', {})).requestId).toBe('req_Success42');
    const noHeader = await retrieve(client);
    expect(noHeader.requestId).toBeUndefined();
    expect('requestId' in noHeader).toBe(true);
  });
});

describe('withResponse()', () => {
  it('gives the data, the Response (status, RateLimit, Idempotent-Replayed) and the request id', async () => {
    const { fetch } = scriptedFetch(json(201, widget('w1'), headers));
    const call = widgetClient({ fetch }).post('/v1/widgets', { body: { displayName: 'W' } });
    expect(call).toBeInstanceOf(APIPromise);
    const { data, response, requestId } = await call.withResponse();
    expect(requestId).toBe('req_Success42');
    expect(data.requestId).toBe('req_Success42');
    expect(data.unitAmount).toBe(15);
    expect(response.status).toBe(201);
    expect(response.headers.get('ratelimit')).toBe('"default";r=99;t=1');
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    // The same call awaited again resolves to the same object, parsed once.
    expect(await call).toBe(data);
  });

  it('works on a list call for its first page, which still iterates', async () => {
    const { fetch, calls } = scriptedFetch(
      json(200, { data: [widget('w1')], has_more: true, next_cursor: 'w1' }, headers),
      json(200, { data: [widget('w2')], has_more: false, next_cursor: null }),
    );
    const pages = widgetClient({ fetch }).list('/v1/widgets', {});
    expect(pages).toBeInstanceOf(PagePromise);
    const { data, requestId } = await pages.withResponse();
    expect(requestId).toBe('req_Success42');
    expect(data.data.map((w) => w.id)).toEqual(['w1']);
    const ids: string[] = [];
    for await (const item of pages) ids.push(item.id);
    expect(ids).toEqual(['w1', 'w2']);
    expect(calls).toHaveLength(2);
  });

  it('rejects with the API error like the call itself', async () => {
    const { fetch } = scriptedFetch(problem(404, 'widget_not_found'));
    await expect(retrieve(widgetClient({ fetch, maxRetries: 0 })).withResponse()).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('asResponse()', () => {
  it('hands over the successful Response with its body unread, after retries', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(503, 'service_unavailable', {}, { 'retry-after': '0' }),
      json(200, widget('w1'), headers),
    );
    const response = await retrieve(widgetClient({ fetch })).asResponse();
    expect(calls).toHaveLength(2);
    expect(response.bodyUsed).toBe(false);
    expect(response.headers.get('request-id')).toBe('req_Success42');
    expect(await response.json()).toEqual(widget('w1'));
  });

  it('still rejects on an error status', async () => {
    const { fetch } = scriptedFetch(problem(404, 'widget_not_found'));
    await expect(retrieve(widgetClient({ fetch, maxRetries: 0 })).asResponse()).rejects.toBeInstanceOf(NotFoundError);
  });

  it('asked for after the body was read: an equivalent Response over the exact bytes', async () => {
    const wire = '{"id":"w1",  "display_name":"Spaced"}';
    const { fetch } = scriptedFetch(new Response(wire, { status: 200, headers }));
    const call = retrieve(widgetClient({ fetch }));
    expect((await call).displayName).toBe('Spaced');
    const response = await call.asResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    expect(await response.text()).toBe(wire);
  });

  it('leaves nothing to await: the data of a call handed over raw is refused with a clear error', async () => {
    const { fetch } = scriptedFetch(json(200, widget('w1')));
    const call = retrieve(widgetClient({ fetch }));
    const response = await call.asResponse();
    await expect(call).rejects.toThrow(SolifynError);
    await expect(call.withResponse()).rejects.toThrow(/asResponse\(\)/);
    expect(response.bodyUsed).toBe(false);
  });

  it('returns an empty body (204) as is', async () => {
    const { fetch } = scriptedFetch(new Response(null, { status: 204, headers }));
    const client = widgetClient({ fetch });
    const response = await client.delete('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } }).asResponse();
    expect(response.status).toBe(204);
  });
});
