import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface LogConfig {
  level: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON: the default when stdout is a terminal (`pnpm start`). */
  pretty: boolean;
}

/**
 * The process's logger: one JSON object per line on stdout, or pino-pretty's lines on a terminal. What goes into a
 * line is chosen field by field where it is logged (see http/access-log.ts): never secrets, emails or bodies.
 */
export function createLogger(config: LogConfig, destination?: DestinationStream): Logger {
  const options = { level: config.level, base: undefined, timestamp: isoTime };
  if (destination) return pino(options, destination);
  if (config.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino(options, bufferedDestination(1));
}

/**
 * Writes the line pino would for `logger.info({ msg, …fields })`, where `fields` is the JSON of the line's fields
 * after `msg` (starting with a comma), formatted by the caller from values it knows are safe JSON. For the access
 * log: one line per request, where pino's general serializer costs more than all the rest of a cheap request.
 */
export function writeInfoLine(logger: Logger, msg: string, fields: string): void {
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym]!;
  stream.write(`{"level":30${isoTime()},"msg":${JSON.stringify(msg)}${fields}}\n`);
}

let isoTimeMs = Number.NaN;
let isoTimeField = '';

/** pino's `isoTime` field, formatted once per millisecond: under load many lines share one. */
function isoTime(): string {
  const now = Date.now();
  if (now !== isoTimeMs) {
    isoTimeMs = now;
    isoTimeField = `,"time":"${new Date(now).toISOString()}"`;
  }
  return isoTimeField;
}

/**
 * An asynchronous destination that writes in 4 KiB batches: one write per request would cost a thread-pool round
 * trip each (half the throughput of a cheap request). The price: a kill -9 loses the last second of lines; a normal stop
 * flushes them (`logger.flush()`).
 */
export function bufferedDestination(dest: number | string): DestinationStream {
  const stream = pino.destination({ dest, sync: false, minLength: 4096 });
  // A quiet server's lines still show within a second.
  const timer = setInterval(() => {
    try {
      stream.flush();
    } catch {
      clearInterval(timer); // destroyed: the process is stopping
    }
  }, 1000);
  timer.unref();
  return stream;
}
