/**
 * What Node's HTTP parser refuses before any route runs gets the API's own answer over a real socket: a problem
 * document with a stable code and a request id, then the connection closed — never an empty Node default.
 */
import { describe, expect, it } from 'vitest';
import { liveApiPerTest, RawConnection } from '../support/live-server';

const live = liveApiPerTest({}, { REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '500' });

async function answerTo(raw: string): Promise<{ status: number; headers: Record<string, string>; body: any }> {
  const connection = await RawConnection.open(live.server.port);
  connection.write(raw);
  const response = await connection.response();
  await connection.closed;
  return { status: response.status, headers: response.headers, body: JSON.parse(response.body) };
}

function expectProblem(
  answer: { status: number; headers: Record<string, string>; body: any },
  status: number,
  code: string,
) {
  expect([answer.status, answer.body.status, answer.body.code]).toEqual([status, status, code]);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.headers.connection).toBe('close');
  expect(answer.body.type).toBe(`http://localhost:3000/docs/errors/${code}`);
  expect(answer.body.request_id).toBe(answer.headers['request-id']);
  expect(answer.body.request_id).toMatch(/^req_[A-Za-z0-9]{20}$/);
}

describe('the HTTP layer refuses with problem documents', () => {
  it('431 header_fields_too_large for a request head over 16 KiB', async () => {
    const answer = await answerTo(`GET /v1/products HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectProblem(answer, 431, 'header_fields_too_large');
  });

  it('400 malformed_request for a control character in a header and for bytes that are not HTTP', async () => {
    expectProblem(
      await answerTo('GET /v1/products HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n'),
      400,
      'malformed_request',
    );
    expectProblem(await answerTo('\u0000\u0001 not http at all\r\n\r\n'), 400, 'malformed_request');
  });

  it('408 request_timeout for headers that never finish', async () => {
    const connection = await RawConnection.open(live.server.port);
    connection.write('GET /v1/products HTTP/1.1\r\nHost: x\r\n');
    const response = await connection.response();
    await connection.closed;
    expectProblem({ ...response, body: JSON.parse(response.body) }, 408, 'request_timeout');
  });
});
