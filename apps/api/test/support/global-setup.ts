import type { TestProject } from 'vitest/node';
import { ensureTemplate } from './template';

declare module 'vitest' {
  export interface ProvidedContext {
    testEngine: 'pglite' | 'postgres';
    /** Admin connection URL (postgres project only); workers derive their own database from it. */
    databaseUrl: string;
    /** Migrated PGlite data-dir tarball (pglite project only). */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  if (project.name === 'pglite') project.provide('pgliteTemplate', await ensureTemplate());
}
