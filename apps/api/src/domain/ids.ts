import { uuidv7 } from 'uuidv7';

export { uuidv7 };

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Largest multiple of 62 that fits in a byte: bytes ≥ 248 are rejected so `byte % 62` stays uniform. */
const REJECT_FROM = 248;
/** getRandomValues' per-call limit. */
const MAX_RANDOM_BYTES = 65_536;

/** `length` characters drawn uniformly from [0-9A-Za-z] with the platform CSPRNG. */
export function randomBase62(length: number): string {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`length must be a positive integer, got ${length}`);
  let out = '';
  while (out.length < length) {
    // ~3% of bytes are rejected; ask for a little more than needed to usually finish in one round.
    const want = Math.min(Math.ceil((length - out.length) * 1.1) + 4, MAX_RANDOM_BYTES);
    const bytes = crypto.getRandomValues(new Uint8Array(want));
    for (const byte of bytes) {
      if (byte >= REJECT_FROM) continue;
      out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Prefixed public id, e.g. `randomId('prod')` → `prod_7oQUIde2kLxV9a`. */
export function randomId(prefix: string, length = 14): string {
  return `${prefix}_${randomBase62(length)}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
