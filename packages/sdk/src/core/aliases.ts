/**
 * camelCase aliases on responses. The API answers in snake_case; every object of a response also gets
 * non-enumerable getters under the camelCase names, so `session.checkoutUrl === session.checkout_url` while
 * `JSON.stringify(session)` and `Object.keys(session)` still show the wire shape.
 *
 * Free-form maps (user-supplied keys) are left untouched: at the type level any object with a string index
 * signature, at runtime the values of the keys in {@link FREE_FORM_KEYS}.
 */

/** `checkout_url` → `checkoutUrl`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

type AliasKey<K> = K extends `${string}_${string}` ? CamelCase<K> : never;

/** A response type with camelCase aliases added (recursively) next to every snake_case key. */
export type CamelAliased<T> = T extends readonly (infer U)[]
  ? CamelAliased<U>[]
  : T extends object
    ? string extends keyof T
      ? T // free-form map: user keys are never aliased
      : { [K in keyof T]: CamelAliased<T[K]> } & { readonly [K in keyof T as AliasKey<K>]: CamelAliased<T[K]> }
    : T;

/** Response keys whose values are user-supplied maps. A type test checks this against the generated types. */
export type FreeFormKey = 'custom_fields' | 'checkout_data';
export const FREE_FORM_KEYS: ReadonlySet<string> = new Set<FreeFormKey>(['custom_fields', 'checkout_data']);

export function toCamelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Adds the aliases in place and returns the same value, typed. */
export function withAliases<T>(value: T): CamelAliased<T> {
  addAliases(value);
  return value as CamelAliased<T>;
}

function addAliases(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) addAliases(item);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!FREE_FORM_KEYS.has(key)) addAliases(record[key]);
    const alias = toCamelCase(key);
    if (alias === key || alias in record) continue;
    Object.defineProperty(record, alias, {
      get: () => record[key],
      set: (v: unknown) => {
        record[key] = v;
      },
      enumerable: false,
      configurable: true,
    });
  }
}
