import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct, payCheckout } from '../support/fixtures';
import { requestInFlight } from '../support/in-flight';

let api: TestApi;
beforeEach(async () => {
  api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
});

async function paidOrder(body: Record<string, unknown> = {}): Promise<string> {
  const product = await fixedProduct(api);
  const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id, ...body } });
  if (session.status !== 201) throw new Error(`checkout: ${session.status} ${JSON.stringify(session.body)}`);
  return payCheckout(api, session.body.id);
}

const refund = (orderId: string, body: unknown = {}, headers?: Record<string, string>) =>
  api.request('POST', `/v1/orders/${orderId}/refunds`, { body, headers });

const amountRefunded = async (orderId: string) =>
  (await api.request('GET', `/v1/orders/${orderId}`)).body.amount_refunded as number;

const pointers = (res: { body: { errors?: { pointer: string }[] } }) => res.body.errors?.map((e) => e.pointer);

describe('POST /v1/orders/{orderId}/refunds: refused amounts', () => {
  it('422 refund_amount_invalid for 0, and nothing refunded', async () => {
    const orderId = await paidOrder();
    const res = await refund(orderId, { amount: 0 });
    expect([res.status, res.body.code, pointers(res)]).toEqual([422, 'refund_amount_invalid', ['/body/amount']]);
    expect(await amountRefunded(orderId)).toBe(0);
  });

  it('422 refund_exceeds_remaining for more than is left, naming what is left', async () => {
    const orderId = await paidOrder(); // 19.99
    expect((await refund(orderId, { amount: 19.99 + 0.01 })).body.code).toBe('refund_exceeds_remaining');
    expect((await refund(orderId, { amount: 15 })).status).toBe(201);
    const over = await refund(orderId, { amount: 5 });
    expect([over.status, over.body.code, pointers(over)]).toEqual([422, 'refund_exceeds_remaining', ['/body/amount']]);
    expect(over.body.detail).toContain('4.99 usd left');
    expect(await amountRefunded(orderId)).toBe(15);
  });

  it('422 order_not_refundable once refunded in full, with or without an amount; and for a free order', async () => {
    const orderId = await paidOrder();
    expect((await refund(orderId)).status).toBe(201);
    for (const body of [{}, { amount: 1 }]) {
      const res = await refund(orderId, body);
      expect([res.status, res.body.code]).toEqual([422, 'order_not_refundable']);
    }
    await api.request('POST', '/v1/discounts', { body: { code: 'FREE', type: 'percent', percentOff: 100 } });
    const free = await paidOrder({ discountCode: 'FREE' });
    expect((await api.request('GET', `/v1/orders/${free}`)).body.total).toBe(0);
    expect((await refund(free)).body.code).toBe('order_not_refundable');
    const events = await api.request('GET', '/v1/events?type=refund.created');
    expect(events.body.data).toHaveLength(1);
  });

  it('400 amount_precision_exceeded for more decimals than the currency has (usd 2, jpy 0)', async () => {
    const orderId = await paidOrder();
    const cents = await refund(orderId, { amount: 1.005 });
    expect([cents.status, cents.body.code, pointers(cents)]).toEqual([
      400,
      'amount_precision_exceeded',
      ['/body/amount'],
    ]);
    const yen = await api.request('POST', '/v1/products', {
      body: { name: 'Yen', prices: [{ currency: 'jpy', amount: 900 }] },
    });
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: yen.body.id } });
    const yenOrder = await payCheckout(api, session.body.id);
    expect((await refund(yenOrder, { amount: 1.5 })).body.code).toBe('amount_precision_exceeded');
    expect(await amountRefunded(yenOrder)).toBe(0);
  });

  it('400 validation_failed for a negative or non-numeric amount, an unknown reason or field, a long note', async () => {
    const orderId = await paidOrder();
    const cases: [unknown, string][] = [
      [{ amount: -1 }, '/body/amount'],
      [{ amount: '10' }, '/body/amount'],
      [{ amount: 1_000_001 }, '/body/amount'],
      [{ reason: 'changed_mind' }, '/body/reason'],
      [{ reason: null }, '/body/reason'],
      [{ note: 'x'.repeat(501) }, '/body/note'],
      [{ note: 'a\u0000b' }, '/body/note'],
      [{ amount: 1, orderId }, '/body/orderId'],
    ];
    for (const [body, pointer] of cases) {
      const res = await refund(orderId, body);
      expect([JSON.stringify(body).slice(0, 40), res.status, res.body.code]).toEqual([
        JSON.stringify(body).slice(0, 40),
        400,
        'validation_failed',
      ]);
      expect(pointers(res)).toContain(pointer);
    }
    const lone = await api.request('POST', `/v1/orders/${orderId}/refunds`, {
      rawBody: '{"note":"\\ud800"}',
      headers: { 'content-type': 'application/json' },
    });
    expect([lone.status, lone.body.code, pointers(lone)]).toEqual([400, 'validation_failed', ['/body/note']]);
    expect(await amountRefunded(orderId)).toBe(0);
  });

  it('a 500-character note in any script is stored exactly', async () => {
    const orderId = await paidOrder();
    const note = 'é'.repeat(250) + '😀'.repeat(125);
    expect(note.length).toBe(500);
    const res = await refund(orderId, { amount: 1, note });
    expect(res.status).toBe(201);
    expect((await api.request('GET', `/v1/refunds/${res.body.id}`)).body.note).toBe(note);
  });
});

describe('POST /v1/orders/{orderId}/refunds: unknown orders and bad requests', () => {
  it('404 order_not_found for an unknown id or the id of the checkout behind an order', async () => {
    const orderId = await paidOrder();
    const { body: order } = await api.request('GET', `/v1/orders/${orderId}`);
    for (const id of ['ord_NoSuchOrder00000', order.checkout_id, order.session_id, orderId.toLowerCase()]) {
      const res = await refund(id, {});
      expect([id, res.status, res.body.code, pointers(res)]).toEqual([id, 404, 'order_not_found', ['/path/orderId']]);
    }
  });

  it('400 malformed_json and 415 for a body that is not JSON', async () => {
    const orderId = await paidOrder();
    const broken = await api.request('POST', `/v1/orders/${orderId}/refunds`, {
      rawBody: '{"amount":',
      headers: { 'content-type': 'application/json' },
    });
    expect([broken.status, broken.body.code]).toEqual([400, 'malformed_json']);
    const form = await api.request('POST', `/v1/orders/${orderId}/refunds`, {
      rawBody: 'amount=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([form.status, form.body.code]).toEqual([415, 'unsupported_media_type']);
    expect(await amountRefunded(orderId)).toBe(0);
  });

  it('422 idempotency_key_reused for the same key with another amount; the refusal itself is replayed', async () => {
    const orderId = await paidOrder();
    const headers = { 'idempotency-key': 'refund-key' };
    expect((await refund(orderId, { amount: 2 }, headers)).status).toBe(201);
    const other = await refund(orderId, { amount: 3 }, headers);
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
    const tooMuch = { 'idempotency-key': 'too-much' };
    const first = await refund(orderId, { amount: 50 }, tooMuch);
    const replay = await refund(orderId, { amount: 50 }, tooMuch);
    expect([first.body.code, replay.body.code, replay.headers.get('idempotent-replayed')]).toEqual([
      'refund_exceeds_remaining',
      'refund_exceeds_remaining',
      'true',
    ]);
    expect(await amountRefunded(orderId)).toBe(2);
  });

  it('409 idempotency_key_in_use while the first refund with the key runs; it alone refunds', async () => {
    const orderId = await paidOrder();
    const first = await requestInFlight(api, `/v1/orders/${orderId}/refunds`, { body: { amount: 3 }, key: 'busy' });
    const busy = await refund(orderId, { amount: 3 }, { 'idempotency-key': 'busy' });
    expect([busy.status, busy.body.code]).toEqual([409, 'idempotency_key_in_use']);
    expect((await first.release()).status).toBe(201);
    expect(await amountRefunded(orderId)).toBe(3);
  });

  it('GET /v1/refunds: 404 refund_not_found, 400 for a bad limit, cursor or filter', async () => {
    const missing = await api.request('GET', '/v1/refunds/re_NoSuchRefund0000');
    expect([missing.status, missing.body.code, pointers(missing)]).toEqual([
      404,
      'refund_not_found',
      ['/path/refundId'],
    ]);
    const long = await api.request('GET', `/v1/refunds/re_${'a'.repeat(70)}`);
    expect([long.status, long.body.code]).toEqual([400, 'validation_failed']);
    const orderId = await paidOrder();
    const cursor = await api.request('GET', `/v1/refunds?startingAfter=${orderId}`);
    expect([cursor.status, cursor.body.code]).toEqual([400, 'invalid_cursor']);
    for (const query of ['limit=0', 'limit=101', 'orderId=', `orderId=${'o'.repeat(65)}`]) {
      const res = await api.request('GET', `/v1/refunds?${query}`);
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'validation_failed']);
    }
  });
});

describe('refunds under concurrency: never more than was paid', () => {
  it('parallel refunds of one order through the app: exactly what fits succeeds, the rest are 422', async () => {
    const orderId = await paidOrder({ quantity: 3 }); // 59.97
    // Three replicas on one database: on PostgreSQL the requests run at once, each in its own transaction.
    const replicas = [api.app, createApp(api.deps), createApp(api.deps)];
    const attempts = Array.from({ length: 12 }, (_, i) =>
      replicas[i % 3]!.request(`/v1/orders/${orderId}/refunds`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.account.key}`,
          'content-type': 'application/json',
          ...(i % 2 === 0 ? { 'idempotency-key': `parallel-${i}` } : {}),
        },
        body: JSON.stringify({ amount: 10 }),
      }),
    );
    const responses = await Promise.all(attempts);
    const statuses = await Promise.all(
      responses.map(async (r) => [r.status, r.status === 201 ? 'ok' : ((await r.json()) as { code: string }).code]),
    );
    expect(statuses.filter(([s]) => s === 201)).toHaveLength(5);
    expect(statuses.filter(([, code]) => code === 'refund_exceeds_remaining')).toHaveLength(7);
    expect(await amountRefunded(orderId)).toBe(50);

    // The rest at once, twice: one takes the 9.97 left, the other finds nothing left.
    const rest = await Promise.all(
      [0, 1].map((i) =>
        replicas[i]!.request(`/v1/orders/${orderId}/refunds`, {
          method: 'POST',
          headers: { authorization: `Bearer ${api.account.key}`, 'content-type': 'application/json' },
          body: '{}',
        }),
      ),
    );
    expect(rest.map((r) => r.status).sort()).toEqual([201, 422]);
    const { body: order } = await api.request('GET', `/v1/orders/${orderId}`);
    expect(order).toMatchObject({ amount_refunded: 59.97, status: 'refunded' });
    const refunds = await api.request('GET', `/v1/refunds?orderId=${orderId}`);
    expect(refunds.body.data).toHaveLength(6);
    const events = await api.request('GET', '/v1/events?limit=100');
    const types = events.body.data.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'refund.created')).toHaveLength(6);
    expect(types.filter((t: string) => t === 'order.refunded')).toHaveLength(1);
  });

  it('the table refuses a sum over the total even from a writer that skips the lock', async () => {
    const orderId = await paidOrder();
    await expect(
      api.deps.db.query('update orders set amount_refunded = total + 1 where id = $1', [orderId]),
    ).rejects.toMatchObject({ message: expect.stringContaining('orders_amount_refunded_check') });
    await expect(
      api.deps.db.query(
        `insert into refunds (id, account_id, mode, order_id, amount, currency, status)
         values ('re_OtherAccount000', $1, 'live', $2, 100, 'usd', 'succeeded')`,
        [api.account.account_id, orderId],
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining('foreign key') });
    expect(await amountRefunded(orderId)).toBe(0);
  });
});
