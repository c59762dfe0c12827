import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// postgres.js' pool queue, as patched in patches/postgres@3.4.9.patch (not exported, so imported by its path).
interface Queue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T | undefined;
  remove(x: T): T | null;
}
// `require` resolves to <package>/cjs/src/index.js.
const packageDir = dirname(dirname(dirname(createRequire(import.meta.url).resolve('postgres'))));
const { default: Queue } = (await import(pathToFileURL(join(packageDir, 'src/queue.js')).href)) as {
  default: <T>(initial?: T[]) => Queue<T>;
};

describe('postgres.js pool queue (patched)', () => {
  it('behaves as a FIFO list with removal while it never empties, as under sustained load', () => {
    const queue = Queue<number>();
    const model: number[] = [];
    let next = 0;
    for (let i = 0; i < 5; i++) model.push(queue.push(next++));
    // A deterministic mix of the pool's moves: shift a connection, push it back, remove one from the middle.
    for (let step = 0; step < 20_000; step++) {
      expect(queue.shift()).toBe(model.shift());
      model.push(queue.push(next++));
      if (step % 7 === 0) {
        const victim = model[step % model.length]!;
        expect(queue.remove(victim)).toBe(victim);
        model.splice(model.indexOf(victim), 1);
        model.push(queue.push(next++));
      }
      if (step % 11 === 0) expect(queue.remove(-1)).toBeNull();
      expect(queue.length).toBe(model.length);
    }
    while (model.length > 0) expect(queue.shift()).toBe(model.shift());
    expect(queue.length).toBe(0);
  });

  it('does not find an item that was already shifted out', () => {
    const queue = Queue<string>(['a', 'b']);
    expect(queue.shift()).toBe('a');
    expect(queue.remove('a')).toBeNull();
    expect(queue.remove('b')).toBe('b');
    expect(queue.length).toBe(0);
  });
});
