import { describe, expect, it } from 'vitest';
import { randomBase62, randomId, uuidv7 } from '../../src/domain/ids';

describe('randomId', () => {
  it('is prefix + 14 base62 characters by default', () => {
    expect(randomId('prod')).toMatch(/^prod_[A-Za-z0-9]{14}$/);
    expect(randomId('ch', 20)).toMatch(/^ch_[A-Za-z0-9]{20}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => randomId('evt')));
    expect(ids.size).toBe(10_000);
  });

  it('uses all 62 symbols with no visible bias', () => {
    const counts = new Map<string, number>();
    const sample = randomBase62(62 * 2000);
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Expected 2000 each; a modulo-biased generator (256 % 62 = 8) gives the first 8 symbols ~+25 %.
    // 6 sigma ≈ 270, so this never fails by chance but catches that bias.
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(300);
  });

  it('rejects a non-positive length', () => {
    expect(() => randomBase62(0)).toThrow(RangeError);
    expect(() => randomBase62(1.5)).toThrow(RangeError);
  });
});

describe('uuidv7', () => {
  it('is a version 7 UUID and time-ordered', () => {
    const a = uuidv7();
    const b = uuidv7();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });
});
