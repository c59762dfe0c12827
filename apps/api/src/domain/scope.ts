import type { Mode as SpecMode } from '../generated/schemas';

/** Test or live: the mode of the secret key that created an object (`sk_test_…`, `sk_live_…`), from the spec. */
export type Mode = SpecMode;

/** Whose objects: every read and write is confined to one account and one mode. */
export interface Scope {
  accountId: string;
  mode: Mode;
}
