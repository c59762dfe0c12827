import { type Contract, contract, formatViolation, type ObservedResponse } from './validator';

export class ContractViolationError extends Error {
  override name = 'ContractViolationError';
}

/** Reads a fetch `Response` (from a clone, so the caller can still read it) into what the contract checks. */
export async function observe(response: Response): Promise<ObservedResponse> {
  const text = await response.clone().text();
  const type = response.headers.get('content-type') ?? '';
  let body: unknown = text === '' ? undefined : text;
  if (text !== '' && /json/.test(type)) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ContractViolationError(`response declares ${type} but its body is not JSON: ${text.slice(0, 200)}`);
    }
  }
  return { status: response.status, headers: response.headers, body };
}

/** Throws a `ContractViolationError` naming the operation, status and JSON pointer of the first violation. */
export async function expectConforms(
  operationId: string,
  response: Response | ObservedResponse,
  against: Contract = contract(),
): Promise<void> {
  const observed = response instanceof Response ? await observe(response) : response;
  const violation = against.checkResponse(operationId, observed);
  if (violation) throw new ContractViolationError(`Response does not follow the spec: ${formatViolation(violation)}`);
}
