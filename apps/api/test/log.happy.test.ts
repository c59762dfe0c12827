import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { bufferedDestination, createLogger, writeInfoLine } from '../src/log';

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

describe('bufferedDestination', () => {
  it('batches lines in order, writes them within a second, and flushes what is left on logger.flush()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'solifyn-log-'));
    const file = join(dir, 'out.log');
    try {
      const logger = createLogger({ level: 'info', pretty: false }, bufferedDestination(file));
      writeInfoLine(logger, 'request', ',"status":200');
      expect(readFileSync(file, 'utf8')).toBe('');
      await vi.waitFor(() => expect(readFileSync(file, 'utf8')).toContain('"status":200'), { timeout: 2000 });

      for (let i = 0; i < 200; i++) writeInfoLine(logger, 'request', `,"n":${i},"pad":"${'x'.repeat(100)}"`);
      const written = readFileSync(file, 'utf8').split('\n').length - 1;
      expect(written).toBeGreaterThan(1); // a full batch went out without waiting for the timer
      expect(written).toBeLessThan(201);
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(201);
      expect(lines.map((line) => (JSON.parse(line) as { n?: number }).n)).toEqual([
        undefined,
        ...lines.slice(1).map((_, i) => i),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes multi-byte lines and a line longer than a batch whole and in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'solifyn-log-'));
    const file = join(dir, 'out.log');
    try {
      const logger = createLogger({ level: 'info', pretty: false }, bufferedDestination(file));
      const values = ['é', '€', '😀', 'x'.repeat(20_000), '中'.repeat(6_000), 'end'];
      for (let round = 0; round < 30; round++) {
        for (const value of values) writeInfoLine(logger, 'request', `,"round":${round},"v":${JSON.stringify(value)}`);
      }
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(30 * values.length);
      lines.forEach((line, i) => {
        expect(JSON.parse(line)).toMatchObject({
          round: Math.floor(i / values.length),
          v: values[i % values.length],
        });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes what is still batched when the process exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'solifyn-log-'));
    const file = join(dir, 'out.log');
    try {
      const script = [
        `import { bufferedDestination, createLogger } from ${JSON.stringify(fileURLToPath(new URL('../src/log.ts', import.meta.url)))};`,
        `const logger = createLogger({ level: 'info', pretty: false }, bufferedDestination(${JSON.stringify(file)}));`,
        `logger.error('last words');`,
        `process.exit(1);`,
      ].join('\n');
      const exited = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          stdio: 'ignore',
        });
        child.once('exit', resolve);
      });
      expect(exited).toBe(1);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ level: 50, msg: 'last words' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
