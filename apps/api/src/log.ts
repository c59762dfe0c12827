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
  const options = { level: config.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (destination) return pino(options, destination);
  if (config.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino(options, pino.destination({ dest: 1, sync: false }));
}
