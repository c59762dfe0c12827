import type { Config } from '../config';
import type { Mode } from '../store/accounts';
import type { Db } from '../store/db';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
}

/** Who is calling: the account and mode of the presented secret key. Everything they see is scoped by both. */
export interface Caller {
  accountId: string;
  mode: Mode;
  keyId: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    caller: Caller;
    /** The JSON request body, parsed once by the string check (http/strings.ts) for operations that take one. */
    jsonBody?: { value: unknown };
  };
}
