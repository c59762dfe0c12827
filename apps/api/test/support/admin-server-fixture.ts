// A stand-in for the real server's start-up as far as the data dir is concerned: opens the embedded store
// (taking the lock), starts the admin socket unless --no-socket, prints "ready", and stops on SIGTERM.
import { startAdminSocket, type AdminSocketServer } from '../../src/admin-socket';
import { loadConfig } from '../../src/config';
import { openDb } from '../../src/store/open';

const config = loadConfig();
const db = await openDb(config);
const admin: AdminSocketServer | undefined = process.argv.includes('--no-socket')
  ? undefined
  : await startAdminSocket(db, { dataDir: config.dataDir });
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  void (async () => {
    await admin?.close();
    await db.close();
    process.exit(0);
  })();
});
