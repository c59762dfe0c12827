import type { PricingType, ProductPrice } from '../domain/products';
import type { Mode, Scope } from '../domain/scope';
import type { StoreCache } from './cache';
import { describeColumns } from './columns';
import type { Db } from './db';
import { listPage, matchingIfGiven, type Page } from './pagination';

export interface ProductRecord {
  id: string;
  mode: Mode;
  name: string;
  description: string | null;
  pricingType: PricingType;
  defaultCurrency: string;
  redirectUrl: string | null;
  active: boolean;
  prices: ProductPrice[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductFields {
  name: string;
  description: string | null;
  pricingType: PricingType;
  defaultCurrency: string;
  redirectUrl: string | null;
  active: boolean;
  prices: ProductPrice[];
}

const productColumns = describeColumns<Omit<ProductRecord, 'prices'>>({
  id: 'id',
  mode: 'mode',
  name: 'name',
  description: 'description',
  pricingType: 'pricing_type',
  defaultCurrency: 'default_currency',
  redirectUrl: 'redirect_url',
  active: 'active',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/** A product's prices as one JSON array, in order, keyed as `ProductPrice` is (amounts: JSON numbers or text). */
const pricesOf = (from: string) => `coalesce((select json_agg(json_build_object(
    'currency', pp.currency, 'amount', pp.amount, 'minimumAmount', pp.minimum_amount,
    'maximumAmount', pp.maximum_amount, 'suggestedAmount', pp.suggested_amount) order by pp.position)
  from ${from}), '[]'::json) as prices`;

const selectProduct = `
  select ${productColumns.list('p')}, ${pricesOf('product_prices pp where pp.product_id = p.id')}
  from products p`;

const amount = (stored: unknown) => (stored === null ? null : Number(stored));

function toRecord(row: unknown): ProductRecord {
  const prices = (row as { prices: Record<keyof ProductPrice, unknown>[] }).prices;
  return {
    ...productColumns.toRecord(row),
    prices: prices.map((p) => ({
      currency: p.currency as string,
      amount: amount(p.amount),
      minimumAmount: amount(p.minimumAmount),
      maximumAmount: amount(p.maximumAmount),
      suggestedAmount: amount(p.suggestedAmount),
    })),
  };
}

async function replacePrices(tx: Db, productId: string, prices: ProductPrice[]): Promise<void> {
  await tx.query('delete from product_prices where product_id = $1', [productId]);
  await tx.query(
    `insert into product_prices (product_id, currency, amount, minimum_amount, maximum_amount, suggested_amount, position)
     select $1, p.currency, p.amount, p.minimum_amount, p.maximum_amount, p.suggested_amount, p.position
     from json_to_recordset($2::json) as p(currency text, amount bigint, minimum_amount bigint, maximum_amount bigint,
                                           suggested_amount bigint, position int)`,
    [productId, pricesParam(prices)],
  );
}

/** `prices` as JSON rows for `json_to_recordset`, in order (`position` keeps it). */
function pricesParam(prices: ProductPrice[]) {
  return prices.map((p, position) => ({
    currency: p.currency,
    amount: p.amount,
    minimum_amount: p.minimumAmount,
    maximum_amount: p.maximumAmount,
    suggested_amount: p.suggestedAmount,
    position,
  }));
}

/** $1–$10 of the product's INSERT and UPDATE: id, account, mode, its own fields (not prices), the time. */
function productParams(scope: Scope, id: string, fields: ProductFields, now: Date): unknown[] {
  const { name, description, pricingType, defaultCurrency, redirectUrl, active } = fields;
  return [id, scope.accountId, scope.mode, name, description, pricingType, defaultCurrency, redirectUrl, active, now];
}

/**
 * One statement (so atomic without a transaction, and one round trip): the product, its prices, and the stored
 * rows read back from what the inserts returned rather than re-selected. A price the database refuses fails the
 * whole statement, so no product is left without its prices.
 */
export async function insertProduct(
  db: Db,
  scope: Scope,
  id: string,
  fields: ProductFields,
  now: Date,
): Promise<ProductRecord> {
  const [row] = await db.query(
    `with p as (
       insert into products (id, account_id, mode, name, description, pricing_type, default_currency, redirect_url, active,
                             created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       returning ${productColumns.list()}
     ), pp as (
       insert into product_prices (product_id, currency, amount, minimum_amount, maximum_amount, suggested_amount, position)
       select p.id, r.currency, r.amount, r.minimum_amount, r.maximum_amount, r.suggested_amount, r.position
       from p, json_to_recordset($11::json) as r(currency text, amount bigint, minimum_amount bigint, maximum_amount bigint,
                                                 suggested_amount bigint, position int)
       returning currency, amount, minimum_amount, maximum_amount, suggested_amount, position
     )
     select p.*, ${pricesOf('pp')}
     from p`,
    [...productParams(scope, id, fields, now), pricesParam(fields.prices)],
  );
  if (!row) throw new Error(`inserting product ${id} returned no row`);
  return toRecord(row);
}

export async function findProduct(
  db: Db,
  scope: Scope,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ProductRecord | null> {
  const [row] = await db.query(
    `${selectProduct} where p.id = $1 and p.account_id = $2 and p.mode = $3${options.forUpdate ? ' for update of p' : ''}`,
    [id, scope.accountId, scope.mode],
  );
  return row ? toRecord(row) : null;
}

/** `findProduct` through the store cache: the checkout hot path reads a product without SQL while it is unchanged. */
export function readProduct(db: Db, cache: StoreCache, scope: Scope, id: string): Promise<ProductRecord | null> {
  return cache.read(
    'product',
    `${scope.accountId}:${scope.mode}:${id}`,
    () => findProduct(db, scope, id),
    (product) => `product:${product.id}`,
  );
}

/**
 * Writes the full new state of a product (the caller merged the patch, validated it and holds the row lock from
 * `findProduct(…, { forUpdate: true })`). The result comes from the UPDATE's RETURNING and the prices just
 * written (or kept), not from a second read.
 */
export async function updateProduct(
  tx: Db,
  scope: Scope,
  id: string,
  fields: ProductFields,
  now: Date,
  pricesChanged: boolean,
): Promise<ProductRecord> {
  const [row] = await tx.query(
    `update products set name = $4, description = $5, pricing_type = $6, default_currency = $7, redirect_url = $8,
            active = $9, updated_at = $10
     where id = $1 and account_id = $2 and mode = $3
     returning ${productColumns.list()}`,
    productParams(scope, id, fields, now),
  );
  if (!row) throw new Error(`product ${id} vanished inside its own transaction`);
  if (pricesChanged) await replacePrices(tx, id, fields.prices);
  return { ...productColumns.toRecord(row), prices: fields.prices.map((p) => ({ ...p })) };
}

export function listProducts(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string; active?: boolean },
): Promise<Page<ProductRecord>> {
  return listPage(db, scope, { table: 'products', alias: 'p', select: selectProduct, toRecord }, query, [
    matchingIfGiven('p.active', 'boolean', query.active),
  ]);
}
