import { createApp } from '../../src/app';
import type { Db } from '../../src/store/db';
import type { TestApi } from './api';

/**
 * A request caught mid-flight: sent through an app on the same database and cache as `api`, whose database
 * handle stops the request at its first statement other than the API key lookup (inside its transaction, if it
 * has one) until `release()`. Meanwhile the request holds its Idempotency-Key exactly as a running request does.
 */
export async function requestInFlight(
  api: TestApi,
  path: string,
  init: { body?: unknown; key: string },
): Promise<{ release(): Promise<Response> }> {
  let reached!: () => void;
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let armed = true;
  const pause = async (sql: string) => {
    if (!armed || sql.includes('from api_keys')) return;
    armed = false;
    reached();
    await gate;
  };
  const gated = (db: Db): Db => ({
    engine: db.engine,
    query: async (sql, params) => (await pause(sql), db.query(sql, params)),
    exec: async (script) => (await pause(script), db.exec(script)),
    transaction: (fn) => db.transaction((tx) => fn(gated(tx))),
    listen: (channel, onMessage, onListening) => db.listen(channel, onMessage, onListening),
    close: () => db.close(),
  });
  const app = createApp({ ...api.deps, db: gated(api.deps.db) });
  const response = app.request(path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${api.account.key}`,
      'idempotency-key': init.key,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  await atGate;
  return {
    release: async () => {
      open();
      return response;
    },
  };
}
