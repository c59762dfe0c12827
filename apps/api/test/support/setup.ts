import { beforeEach } from 'vitest';
import { resetDb } from './db';

// Every test starts from empty tables (schema_migrations excepted). No-op in workers that never opened a db.
beforeEach(async () => {
  await resetDb();
});
