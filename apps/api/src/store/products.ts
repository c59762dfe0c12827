import type { PricingType, ProductPrice } from '../domain/products';
import type { Mode } from './accounts';
import type { StoreCache } from './cache';
import type { Db } from './db';
import { listPage, type Page } from './pagination';

export interface Scope {
  accountId: string;
  mode: Mode;
}

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

interface ProductRow {
  id: string;
  mode: Mode;
  name: string;
  description: string | null;
  pricing_type: PricingType;
  default_currency: string;
  redirect_url: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  prices: {
    currency: string;
    amount: number | null;
    minimum_amount: number | null;
    maximum_amount: number | null;
    suggested_amount: number | null;
  }[];
}

const selectProduct = `
  select p.id, p.mode, p.name, p.description, p.pricing_type, p.default_currency, p.redirect_url, p.active,
         p.created_at, p.updated_at,
         coalesce((select json_agg(json_build_object(
                    'currency', pp.currency, 'amount', pp.amount, 'minimum_amount', pp.minimum_amount,
                    'maximum_amount', pp.maximum_amount, 'suggested_amount', pp.suggested_amount) order by pp.position)
                   from product_prices pp where pp.product_id = p.id), '[]'::json) as prices
  from products p`;

function toRecord(row: ProductRow): ProductRecord {
  return withPrices(
    row,
    row.prices.map((p) => ({
      currency: p.currency,
      amount: p.amount === null ? null : Number(p.amount),
      minimumAmount: p.minimum_amount === null ? null : Number(p.minimum_amount),
      maximumAmount: p.maximum_amount === null ? null : Number(p.maximum_amount),
      suggestedAmount: p.suggested_amount === null ? null : Number(p.suggested_amount),
    })),
  );
}

function withPrices(row: Omit<ProductRow, 'prices'>, prices: ProductPrice[]): ProductRecord {
  return {
    id: row.id,
    mode: row.mode,
    name: row.name,
    description: row.description,
    pricingType: row.pricing_type,
    defaultCurrency: row.default_currency,
    redirectUrl: row.redirect_url,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    prices,
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
  const [row] = await db.query<ProductRow>(
    `with p as (
       insert into products (id, account_id, mode, name, description, pricing_type, default_currency, redirect_url, active,
                             created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       returning id, mode, name, description, pricing_type, default_currency, redirect_url, active, created_at, updated_at
     ), pp as (
       insert into product_prices (product_id, currency, amount, minimum_amount, maximum_amount, suggested_amount, position)
       select p.id, r.currency, r.amount, r.minimum_amount, r.maximum_amount, r.suggested_amount, r.position
       from p, json_to_recordset($11::json) as r(currency text, amount bigint, minimum_amount bigint, maximum_amount bigint,
                                                 suggested_amount bigint, position int)
       returning currency, amount, minimum_amount, maximum_amount, suggested_amount, position
     )
     select p.id, p.mode, p.name, p.description, p.pricing_type, p.default_currency, p.redirect_url, p.active,
            p.created_at, p.updated_at,
            coalesce((select json_agg(json_build_object(
                       'currency', pp.currency, 'amount', pp.amount, 'minimum_amount', pp.minimum_amount,
                       'maximum_amount', pp.maximum_amount, 'suggested_amount', pp.suggested_amount) order by pp.position)
                      from pp), '[]'::json) as prices
     from p`,
    [
      id,
      scope.accountId,
      scope.mode,
      fields.name,
      fields.description,
      fields.pricingType,
      fields.defaultCurrency,
      fields.redirectUrl,
      fields.active,
      now,
      pricesParam(fields.prices),
    ],
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
  const [row] = await db.query<ProductRow>(
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
  const [row] = await tx.query<Omit<ProductRow, 'prices'>>(
    `update products set name = $4, description = $5, pricing_type = $6, default_currency = $7, redirect_url = $8,
            active = $9, updated_at = $10
     where id = $1 and account_id = $2 and mode = $3
     returning id, mode, name, description, pricing_type, default_currency, redirect_url, active, created_at, updated_at`,
    [
      id,
      scope.accountId,
      scope.mode,
      fields.name,
      fields.description,
      fields.pricingType,
      fields.defaultCurrency,
      fields.redirectUrl,
      fields.active,
      now,
    ],
  );
  if (!row) throw new Error(`product ${id} vanished inside its own transaction`);
  if (pricesChanged) await replacePrices(tx, id, fields.prices);
  return withPrices(
    row,
    fields.prices.map((p) => ({ ...p })),
  );
}

export function listProducts(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string; active?: boolean },
): Promise<Page<ProductRecord>> {
  return listPage(db, scope, { table: 'products', alias: 'p', select: selectProduct, toRecord }, query, [
    (param) => {
      const active = param(query.active ?? null);
      return `(${active}::boolean is null or p.active = ${active})`;
    },
  ]);
}
