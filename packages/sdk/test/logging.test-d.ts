/** Types of the logging options. */
import { describe, expectTypeOf, it } from 'vitest';
import { type ClientOptions, type Logger, type LogLevel, Solifyn } from '../src/index';

describe('logging options', () => {
  it('logLevel is one of the five levels; logger any console-like object', () => {
    expectTypeOf<LogLevel>().toEqualTypeOf<'off' | 'error' | 'warn' | 'info' | 'debug'>();
    expectTypeOf<NonNullable<ClientOptions['logLevel']>>().toEqualTypeOf<LogLevel>();
    expectTypeOf<NonNullable<ClientOptions['logger']>>().toEqualTypeOf<Logger>();
    expectTypeOf(console).toExtend<Logger>();
    void new Solifyn({ apiKey: 'sk_test_1', logLevel: 'debug', logger: console });
    // @ts-expect-error not a level
    void new Solifyn({ apiKey: 'sk_test_1', logLevel: 'verbose' });
    // @ts-expect-error a logger needs error, warn, info and debug
    void new Solifyn({ apiKey: 'sk_test_1', logger: { info: () => {} } });
  });
});
