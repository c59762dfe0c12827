import type { Db } from '../src/store/db';

/** How many statements went to the database: every `query`/`exec`, and BEGIN + COMMIT for each transaction. */
export interface RoundTrips {
  count: number;
}

/**
 * The project's Db with a round-trip counter in front, for the benchmark's per-request SQL counts. Statements run
 * inside `transaction(fn)` are counted through the wrapped transaction handle.
 */
export function countingDb(db: Db, counter: RoundTrips): Db {
  return {
    engine: db.engine,
    query(text, params) {
      counter.count += 1;
      return db.query(text, params);
    },
    exec(script) {
      counter.count += 1;
      return db.exec(script);
    },
    transaction(fn) {
      counter.count += 2;
      return db.transaction((tx) => fn(countingTx(tx, counter)));
    },
    listen: (channel, onMessage, onListening) => db.listen(channel, onMessage, onListening),
    close: () => db.close(),
  };
}

function countingTx(tx: Db, counter: RoundTrips): Db {
  const wrapped: Db = {
    engine: tx.engine,
    query(text, params) {
      counter.count += 1;
      return tx.query(text, params);
    },
    exec(script) {
      counter.count += 1;
      return tx.exec(script);
    },
    // A nested transaction() runs fn on the same handle (see Db): no extra statements.
    transaction: (fn) => fn(wrapped),
    listen: (channel, onMessage, onListening) => tx.listen(channel, onMessage, onListening),
    close: () => tx.close(),
  };
  return wrapped;
}
