import type { Db } from './db';
import type { Scope } from '../domain/scope';

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
  /** The `startingAfter` that names no object of this list (the page is empty then), or null. */
  unknownCursor: string | null;
}

/** Adds a query parameter and returns its placeholder (`$3`). */
export type Param = (value: unknown) => string;

/** What a list pages through: rows of `table` (with account_id, mode, created_at, id) as `alias` in `select`. */
export interface ListSource<Row, R> {
  table: 'products' | 'discounts' | 'checkout_sessions' | 'orders' | 'refunds' | 'webhook_endpoints' | 'events';
  alias: string;
  /** `select … from <table> <alias>`, with whatever joins or aggregates a record needs; no `where`. */
  select: string;
  toRecord: (row: Row) => R;
  /** The stored id a cursor names (checkout ids are lowercase UUIDs); null when no row could have it. */
  cursorId?: (cursor: string) => string | null;
}

/** A filter for an optional query parameter: `column = value` when given, no restriction when not. */
export function matchingIfGiven(column: string, type: 'text' | 'boolean', value: unknown): (param: Param) => string {
  return (param) => {
    const given = param(value ?? null);
    return `(${given}::${type} is null or ${column} = ${given})`;
  };
}

/**
 * One keyset page of the scope's rows, newest first (`created_at desc, id desc`), narrowed by `filters` (SQL
 * conditions on the source's alias, parameters added through `param`). `limit + 1` rows are read: the extra one only
 * tells whether another page exists. A cursor names its row by id; an unknown one lists nothing, so only an empty
 * page costs a second query, to tell an empty last page from a bad cursor.
 */
export async function listPage<Row, R extends { id: string }>(
  db: Db,
  scope: Scope,
  source: ListSource<Row, R>,
  query: { limit: number; startingAfter?: string },
  filters: ((param: Param) => string)[] = [],
): Promise<Page<R>> {
  const empty = { data: [], hasMore: false, nextCursor: null };
  const { startingAfter } = query;
  let cursor: string | null = null;
  if (startingAfter !== undefined) {
    cursor = source.cursorId ? source.cursorId(startingAfter) : startingAfter;
    if (cursor === null) return { ...empty, unknownCursor: startingAfter };
  }

  const params: unknown[] = [scope.accountId, scope.mode];
  const param: Param = (value) => `$${params.push(value)}`;
  const a = source.alias;
  const where = [`${a}.account_id = $1`, `${a}.mode = $2`, ...filters.map((filter) => filter(param))];
  if (cursor !== null) {
    where.push(`(${a}.created_at, ${a}.id) < (select c.created_at, c.id from ${source.table} c
                                             where c.id = ${param(cursor)} and c.account_id = $1 and c.mode = $2)`);
  }
  const rows = await db.query<Row>(
    `${source.select}
     where ${where.join(' and ')}
     order by ${a}.created_at desc, ${a}.id desc
     limit ${param(query.limit + 1)}`,
    params,
  );
  const hasMore = rows.length > query.limit;
  const data = (hasMore ? rows.slice(0, query.limit) : rows).map(source.toRecord);
  if (data.length === 0 && cursor !== null && !(await cursorExists(db, source.table, scope, cursor))) {
    return { ...empty, unknownCursor: startingAfter ?? null };
  }
  return { data, hasMore, nextCursor: hasMore ? (data.at(-1)?.id ?? null) : null, unknownCursor: null };
}

async function cursorExists(db: Db, table: ListSource<unknown, unknown>['table'], scope: Scope, id: string) {
  const rows = await db.query(`select 1 from ${table} where id = $1 and account_id = $2 and mode = $3`, [
    id,
    scope.accountId,
    scope.mode,
  ]);
  return rows.length > 0;
}
