/**
 * A table's columns, described once per record: each field's column, and how the driver's value becomes the
 * field's when they differ (bigint and numeric arrive as text from some drivers). The description gives the
 * select/returning list — every column named after its field (`unit_amount as "unitAmount"`) — and the row →
 * record mapping, so a field is added in one place.
 */
export type ColumnSpec<T> = string | { column: string; read?: (stored: any) => T };
export type ColumnMap<R> = { [K in keyof R]-?: ColumnSpec<R[K]> };

export interface Columns<R> {
  /**
   * The select or returning list. `alias` qualifies each plain column (`s.unit_amount as "unitAmount"`); a column
   * given as an expression (`s.session_id`, a subquery) is used as written.
   */
  list(alias?: string): string;
  toRecord(row: unknown): R;
}

const plainColumn = /^[a-z_]+$/;

export function describeColumns<R>(map: ColumnMap<R>): Columns<R> {
  const entries = Object.entries(map as Record<string, ColumnSpec<unknown>>).map(([field, spec]) =>
    typeof spec === 'string'
      ? { field, column: spec, read: undefined }
      : { field, column: spec.column, read: spec.read },
  );
  const listFor = (alias: string | undefined) =>
    entries
      .map(({ field, column }) => {
        const qualified = alias !== undefined && plainColumn.test(column) ? `${alias}.${column}` : column;
        return column === field ? qualified : `${qualified} as "${field}"`;
      })
      .join(', ');
  const lists = new Map<string | undefined, string>();
  return {
    list(alias) {
      let list = lists.get(alias);
      if (list === undefined) lists.set(alias, (list = listFor(alias)));
      return list;
    },
    toRecord(row) {
      const stored = row as Record<string, unknown>;
      const record: Record<string, unknown> = {};
      for (const { field, read } of entries) record[field] = read ? read(stored[field]) : stored[field];
      return record as R;
    },
  };
}

/** A bigint column (minor units, counts): a number. */
export const bigint = (column: string) => ({ column, read: (stored: unknown) => Number(stored) });

/** A nullable bigint column: a number or null. */
export const nullableBigint = (column: string) => ({
  column,
  read: (stored: unknown) => (stored === null ? null : Number(stored)),
});
