import { describe, expect, it } from 'vitest';
import { createLogger, writeInfoLine } from '../src/log';

function capture() {
  const raw: string[] = [];
  const logger = createLogger({ level: 'info', pretty: false }, { write: (line: string) => void raw.push(line) });
  return { logger, raw };
}

describe('writeInfoLine', () => {
  it('writes the line pino writes for the same fields, byte for byte apart from the time', () => {
    const fields = { request_id: 'req_1', status: 200, duration_ms: 1.5, account_id: null, note: 'a "quoted" \\ line' };
    const ours = capture();
    const pinos = capture();
    writeInfoLine(
      ours.logger,
      'request',
      `,"request_id":"req_1","status":200,"duration_ms":1.5,"account_id":null,"note":${JSON.stringify(fields.note)}`,
    );
    pinos.logger.info({ msg: 'request', ...fields });
    const withoutTime = (line: string) => line.replace(/"time":"[^"]+"/, '"time":"…"');
    expect(withoutTime(ours.raw[0]!)).toBe(withoutTime(pinos.raw[0]!));
    expect(JSON.parse(ours.raw[0]!)).toMatchObject({ level: 30, msg: 'request', ...fields });
    expect(ours.raw[0]!.endsWith('}\n')).toBe(true);
  });
});
