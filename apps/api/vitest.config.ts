import { defineConfig } from 'vitest/config'

const databaseUrl = process.env.DATABASE_URL?.trim() || undefined

export default defineConfig({
  test: {
    // Workers keep their database across files (see test/support/db.ts): loading it costs ~1.4 s on PGlite.
    isolate: false,
    hookTimeout: 30_000,
    testTimeout: 20_000,
    globalSetup: ['./test/support/global-setup.ts'],
    setupFiles: ['./test/support/setup.ts'],
    projects: [
      {
        extends: true,
        // An empty DATABASE_URL counts as unset, so code under test uses the embedded store here even in CI.
        test: { name: 'pglite', env: { DATABASE_URL: '' }, provide: { testEngine: 'pglite' } },
      },
      ...(databaseUrl
        ? [{ extends: true as const, test: { name: 'postgres', provide: { testEngine: 'postgres' as const, databaseUrl } } }]
        : []),
    ],
  },
})
