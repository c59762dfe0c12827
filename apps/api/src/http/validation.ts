import type { Hook } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { ApiError, type FieldError } from '../errors';
import type { AppEnv } from './env';
import { pointerToken } from './strings';

const locationOfTarget: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
  form: 'body',
};

/** Every zod issue as a field error with a JSON pointer into the request. */
export function fieldErrorsOf(error: ZodError, target: string): FieldError[] {
  const base = `/${locationOfTarget[target] ?? target}`;
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const at = issue.path.map(pointerToken);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ pointer: [base, ...at, pointerToken(key)].join('/'), detail: 'Unknown property.' });
      }
      continue;
    }
    const pointer = [base, ...at].join('/');
    errors.push({ pointer, detail: issue.message });
  }
  return errors;
}

export function validationError(errors: FieldError[]): ApiError {
  const first = errors[0];
  const summary =
    errors.length === 1 && first
      ? `${first.pointer}: ${first.detail}`
      : `${errors.length} problems in the request; see \`errors\`.`;
  return new ApiError('validation_failed', `The request is invalid. ${summary}`, errors);
}

/** The OpenAPIHono default hook: a failed schema check becomes one 400 listing every problem. */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (!result.success) throw validationError(fieldErrorsOf(result.error, result.target));
  return undefined;
};
