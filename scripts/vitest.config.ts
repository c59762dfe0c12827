import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests of scripts/ (spec differ, release gate, release script), run by `pnpm test:scripts`. */
export default defineConfig({
  test: {
    root: dirname(fileURLToPath(import.meta.url)),
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
