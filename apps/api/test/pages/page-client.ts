import type { TestApi } from '../support/api';

/** A customer's view of the hosted checkout through `app.request`: GET the page, POST its form like a browser would. */

export interface Page {
  status: number;
  headers: Headers;
  html: string;
}

export async function createCheckout(
  api: TestApi,
  body: Record<string, unknown>,
  key?: string,
): Promise<{ id: string; path: string }> {
  const res = await api.request('POST', '/v1/checkout/create', { body, key });
  if (res.status !== 201) throw new Error(`create checkout: ${res.status} ${JSON.stringify(res.body)}`);
  const url = new URL(res.body.checkout_url);
  return { id: res.body.id, path: `${url.pathname}${url.search}` };
}

export async function getPage(api: TestApi, path: string): Promise<Page> {
  const res = await api.app.request(path);
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** Every named input's value as the page rendered it (hidden token and total, pre-filled email, quantity…). */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (name) fields[name] = unescapeHtml(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  return fields;
}

const entities: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };

export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|quot|#39|lt|gt);/g, (entity) => entities[entity]!);
}

export const goodCard = {
  cardNumber: '4242 4242 4242 4242',
  cardExpiry: '12/30',
  cardCvc: '123',
  cardName: 'Ada Lovelace',
};
export const declinedCard = { ...goodCard, cardNumber: '4000 0000 0000 0002' };

/**
 * Submits the form as the page rendered it (a fresh GET unless `rendered` is given) with `fields` typed in; `Sec-Fetch-Site: same-origin` as Chromium sends for our own form.
 */
export async function submit(
  api: TestApi,
  path: string,
  fields: Record<string, string>,
  options: { headers?: Record<string, string>; rendered?: Record<string, string> } = {},
): Promise<Page> {
  const rendered = options.rendered ?? formFields((await getPage(api, path)).html);
  const res = await api.app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      origin: 'null',
      ...options.headers,
    },
    body: new URLSearchParams({ ...rendered, ...fields }).toString(),
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** Text of the element with this id (tags stripped), e.g. a field's error. */
export function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(?:p|div|dd|strong|span)>`).exec(html);
  const text = match?.[1]
    ?.replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text === undefined ? undefined : unescapeHtml(text);
}
