import { createLogger, type Logger, type LogLevel } from '../../src/log';

/** A logger whose JSON lines are kept in memory, parsed, for tests to read (and that prints nothing). */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  readonly logger: Logger;

  constructor(level: LogLevel = 'info') {
    this.logger = createLogger(
      { level, pretty: false },
      {
        write: (line: string) => {
          this.raw.push(line);
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    );
  }

  /** The access-log lines (`msg: 'request'`). */
  requests(): Record<string, unknown>[] {
    return this.lines.filter((line) => line.msg === 'request');
  }

  clear(): void {
    this.lines.length = 0;
    this.raw.length = 0;
  }
}
