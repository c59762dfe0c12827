import type { ProblemCode } from '../generated/schemas';

/**
 * Where in the caller's input a failure lies, as a path of property names and array indexes: `['customPrice']`,
 * `['prices', 0, 'amount']`. The API reads it as a pointer into the request body; the checkout page as a form field.
 */
export type InputPath = readonly [string, ...(string | number)[]];

/**
 * A domain rule refusing its input: why (a spec `ProblemCode`, so every reason has a documented meaning and
 * status), a sentence for the caller, and the input field it concerns with what is wrong with it. It knows nothing
 * of HTTP: `http/problem.ts` turns it into a problem document, `pages/` into a form error.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly reason: ProblemCode,
    readonly detail: string,
    readonly field?: { path: InputPath; detail: string },
  ) {
    super(detail);
  }
}
