import { configDefaults, defineConfig } from 'vitest/config';

const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
// Real Chromium against a real HTTP server: their own project (see test/browser/browser.ts), not run per database.
const browserTests = 'test/browser/**/*.test.ts';
// The real HTTP server (src/server.ts) replaces the global Request and Response with @hono/node-server's, as in
// `pnpm start`: its tests get their own project, isolated, so no other file's globals depend on the order files ran.
const socketTests = 'test/http/socket.*.test.ts';
const exclude = [...configDefaults.exclude, browserTests, socketTests];

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
        test: { name: 'pglite', exclude, env: { DATABASE_URL: '' }, provide: { testEngine: 'pglite' } },
      },
      ...(databaseUrl
        ? [
            {
              extends: true as const,
              test: { name: 'postgres', exclude, provide: { testEngine: 'postgres' as const, databaseUrl } },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'socket',
          include: [socketTests],
          isolate: true,
          // 50 oversized bodies in a row per client, on a machine that may be busy.
          testTimeout: 60_000,
          env: { DATABASE_URL: '' },
          provide: { testEngine: 'pglite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: [browserTests],
          env: { DATABASE_URL: '' },
          provide: { testEngine: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
