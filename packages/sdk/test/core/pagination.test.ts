import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/core/errors';
import { PagePromise } from '../../src/core/pagination';
import { json, problem, scriptedFetch } from '../helpers/scripted-fetch';
import { widget, widgetClient } from '../helpers/widgets-api';

const page = (ids: string[], next: string | null) =>
  json(200, { data: ids.map((id) => widget(id)), has_more: next !== null, next_cursor: next });

describe('pagination', () => {
  it('awaits to the first page with its camelCase aliases', async () => {
    const { fetch, calls } = scriptedFetch(page(['w1', 'w2'], 'w2'));
    const first = await widgetClient({ fetch }).list('/v1/widgets', { query: { limit: 2 } });
    expect(first.data.map((w) => w.id)).toEqual(['w1', 'w2']);
    expect(first.has_more).toBe(true);
    expect(first.hasMore).toBe(true);
    expect(first.nextCursor).toBe('w2');
    expect(calls).toHaveLength(1);
  });

  it('iterates every item across pages, passing next_cursor as startingAfter and keeping the query', async () => {
    const { fetch, calls } = scriptedFetch(page(['w1', 'w2'], 'w2'), page(['w3', 'w4'], 'w4'), page(['w5'], null));
    const ids: string[] = [];
    for await (const item of widgetClient({ fetch }).list('/v1/widgets', { query: { limit: 2, color: 'red' } })) {
      ids.push(item.id);
      expect(item.displayName).toBe(item.display_name);
    }
    expect(ids).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
    expect(calls.map((c) => c.url.search)).toEqual([
      '?limit=2&color=red',
      '?limit=2&color=red&startingAfter=w2',
      '?limit=2&color=red&startingAfter=w4',
    ]);
  });

  it('fetches lazily: breaking out of the loop requests no further page', async () => {
    const { fetch, calls } = scriptedFetch(page(['w1', 'w2'], 'w2'), page(['w3'], null));
    for await (const item of widgetClient({ fetch }).list('/v1/widgets', {})) {
      if (item.id === 'w1') break;
    }
    expect(calls).toHaveLength(1);
  });

  it('walks pages with pages()', async () => {
    const { fetch } = scriptedFetch(page(['w1'], 'w1'), page([], null));
    const sizes: number[] = [];
    for await (const p of widgetClient({ fetch }).list('/v1/widgets', {}).pages()) sizes.push(p.data.length);
    expect(sizes).toEqual([1, 0]);
  });

  it('propagates an error from a later page', async () => {
    const { fetch } = scriptedFetch(page(['w1'], 'w1'), problem(404, 'invalid_cursor'));
    const seen: string[] = [];
    await expect(async () => {
      for await (const item of widgetClient({ fetch }).list('/v1/widgets', {})) seen.push(item.id);
    }).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual(['w1']);
  });

  it('is a real Promise whose then() returns a plain Promise', async () => {
    const { fetch } = scriptedFetch(page([], null));
    const promise = widgetClient({ fetch }).list('/v1/widgets', {});
    expect(promise).toBeInstanceOf(Promise);
    expect(promise).toBeInstanceOf(PagePromise);
    const chained = promise.then((p) => p.data.length);
    expect(chained).not.toBeInstanceOf(PagePromise);
    expect(await chained).toBe(0);
  });
});
