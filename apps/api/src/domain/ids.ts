import { uuidv7 } from 'uuidv7';

export { uuidv7 };

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Largest multiple of 62 that fits in a byte: bytes ≥ 248 are rejected so `byte % 62` stays uniform. */
const REJECT_FROM = 248;
/**
 * CSPRNG bytes drawn 4 KiB at a time and handed out once each (as Node's randomUUID does): one getrandom call per
 * ~200 ids instead of one per id, which on the hot path (a request id and a session id per checkout) is measurable.
 */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset === pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** `length` characters drawn uniformly from [0-9A-Za-z] with the platform CSPRNG. */
export function randomBase62(length: number): string {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`length must be a positive integer, got ${length}`);
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    // ~3% of bytes are rejected so that `byte % 62` stays uniform.
    if (byte < REJECT_FROM) out += BASE62[byte % 62];
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
