// Takes the data-dir lock in a process of its own, for tests that need a holder other than the test runner.
//   lock-holder.ts DIR [GO_FILE]
// Prints "ready <pid>"; waits until GO_FILE exists (when given), then tries the lock: prints "held <pid>" and keeps
// it until killed, or prints "refused <message>" and exits 3.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireDataDirLock, DataDirInUseError } from '../../src/store/lock';

const [dir, goFile] = process.argv.slice(2);
if (!dir) throw new Error('usage: lock-holder.ts DIR [GO_FILE]');
process.stdout.write(`ready ${process.pid}\n`);
while (goFile !== undefined && !existsSync(goFile)) await sleep(1);
try {
  acquireDataDirLock(dir);
} catch (err) {
  if (!(err instanceof DataDirInUseError)) throw err;
  process.stdout.write(`refused ${err.message}\n`);
  process.exit(3);
}
process.stdout.write(`held ${process.pid}\n`);
setInterval(() => {}, 60_000);
