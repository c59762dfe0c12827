/** The error reference: every ProblemCode with its status, meaning, fix and the operations that return it. */
import type { Operation, Spec } from './spec';
import { statusText } from './status';

export interface ErrorEntry {
  code: string;
  status: number;
  meaning: string;
  fix: string;
  /** Operations whose responses list the code in x-problem-codes. */
  operations: Operation[];
  /** The code comes from the HTTP layer (unknown route, method, malformed HTTP …), so any request can get it. */
  anyRequest: boolean;
  /** A problem document carrying the code: one of the spec's examples when it has one. */
  example: Record<string, unknown>;
}

export function errorEntries(spec: Spec, operations: Operation[]): ErrorEntry[] {
  const reference = spec.problemCodeReference;
  return spec.problemCodes.map((code) => {
    const entry = reference[code];
    if (!entry) throw new Error(`ProblemCode ${code} has no entry in x-problem-code-reference`);
    const returning = operations.filter((op) => op.responses.some((r) => r.codes.includes(code)));
    const statuses = new Set(
      operations.flatMap((op) => op.responses.filter((r) => r.codes.includes(code)).map((r) => Number(r.status))),
    );
    if ([...statuses].some((s) => s !== entry.status)) {
      throw new Error(
        `${code}: x-problem-code-reference says ${entry.status}, responses say ${[...statuses].join(', ')}`,
      );
    }
    const example = operations
      .flatMap((op) => op.responses.flatMap((r) => r.examples.map((e) => e.value)))
      .find((value): value is Record<string, unknown> => (value as { code?: unknown } | null)?.code === code);
    return {
      code,
      status: entry.status,
      meaning: entry.meaning,
      fix: entry.fix,
      operations: returning,
      anyRequest: returning.length === 0,
      example: example ?? {
        type: `https://docs.solifyn.com/errors/${code}`,
        title: statusText(entry.status),
        status: entry.status,
        // The first sentence of the meaning stands in for an occurrence's detail.
        detail: entry.meaning.split(/(?<=\.) /)[0]!.replace(/`/g, ''),
        code,
        request_id: 'req_3Kq9Zt7Lm2Xw8Pa',
      },
    };
  });
}
