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
 * A destination that writes in batches of about 16 KiB, synchronously, through sonic-boom (which handles partial
 * writes and a full pipe). One write per line would be a system call per request; handing sonic-boom each line
 * costs more still, as it measures its whole pending buffer on every write. The price: a kill -9 loses the
 * unwritten batch (at most a second of lines); a stop, even `process.exit()`, writes it, and a reader that stops
 * reading stdout stalls the process as soon as the pipe is full, as with pino's default (synchronous) stdout.
 */
export function bufferedDestination(dest: number | string): DestinationStream {
  const sink = pino.destination({ dest, sync: true, minLength: 0 });
  const batchChars = 16 * 1024;
  let lines: string[] = [];
  let pending = 0;
  const drain = () => {
    if (lines.length === 0) return;
    const batch = lines.join('');
    lines = [];
    pending = 0;
    sink.write(batch);
  };
  const destination = {
    write(line: string) {
      lines.push(line);
      pending += line.length;
      if (pending >= batchChars) drain();
    },
    flush(cb?: (error?: Error) => void) {
      drain();
      sink.flush(cb);
    },
    flushSync() {
      drain();
      sink.flushSync();
    },
    end() {
      drain();
      sink.end();
    },
  };
  // A quiet server's lines still show within a second.
  const timer = setInterval(() => {
    try {
      destination.flushSync();
    } catch {
      clearInterval(timer); // destroyed: the process is stopping
    }
  }, 1000);
  timer.unref();
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // already closed
    }
  });
  return destination;
}
