/**
 * SDK logging: a level (`logLevel` option, else the `SOLIFYN_LOG` environment variable, else `warn`) and a
 * console-like sink (`logger` option, else `console`). What is logged never includes the API key, headers other
 * than the request id, query strings or bodies.
 */
import { readEnv } from './env';
import { SolifynError } from './errors';

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Anything console-like: `console`, or your own `error`/`warn`/`info`/`debug` functions. */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

const SEVERITY: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

const isLevel = (value: unknown): value is LogLevel => typeof value === 'string' && Object.hasOwn(SEVERITY, value);

/** A logger that forwards to `sink` the messages at `level` or more severe, and drops the rest. */
export function levelledLogger(level: LogLevel | undefined, sink: Logger = console): { level: LogLevel } & Logger {
  if (level !== undefined && !isLevel(level)) {
    throw new SolifynError(`\`logLevel\` must be one of ${Object.keys(SEVERITY).join(', ')}, got ${String(level)}.`);
  }
  const fromEnv = readEnv('SOLIFYN_LOG')?.toLowerCase();
  const resolved = level ?? (isLevel(fromEnv) ? fromEnv : DEFAULT_LOG_LEVEL);
  const at =
    (name: Exclude<LogLevel, 'off'>) =>
    (message: string, ...rest: unknown[]) => {
      if (SEVERITY[name] <= SEVERITY[resolved]) sink[name](`solifyn: ${message}`, ...rest);
    };
  const logger = { level: resolved, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
  if (level === undefined && fromEnv !== undefined && !isLevel(fromEnv)) {
    logger.warn(
      `SOLIFYN_LOG=${JSON.stringify(fromEnv)} is not one of ${Object.keys(SEVERITY).join(', ')}; using warn.`,
    );
  }
  return logger;
}
