import type { TestProject } from 'vitest/node';
import { ensureTemplate } from './template';

declare module 'vitest' {
  export interface ProvidedContext {
    testEngine: 'pglite' | 'postgres';
    /** Admin connection URL (postgres project only); workers derive their own database from it. */
    databaseUrl: string;
    /** Migrated PGlite data-dir tarball (pglite and socket projects). */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  // Every project on the embedded engine (the browser project builds its own databases from the template file).
  if (project.name === 'pglite' || project.name === 'socket') {
    project.provide('pgliteTemplate', await ensureTemplate());
  }
}
