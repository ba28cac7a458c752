// API errors: one class, the JSON error envelope, body parsing with machine-readable 4xx reasons.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import type { ApiErrorBody } from '../../shared/api';
import type { ApiErrorCode } from '../../shared/error-codes';

/** Thrown by routes and domain code; becomes `{"error": {code, message, details}}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function errorBody(code: ApiErrorCode, message: string, details?: unknown): ApiErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Flattens valibot issues into `[{path, message}]` for `details`. */
export function issueDetails(issues: readonly v.BaseIssue<unknown>[]) {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
}

/** Reads a JSON body and validates it: 400 `malformed-json` or `invalid-request` with where and why. */
export async function readJson<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'malformed-json', 'The request body is not valid JSON.');
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    throw new ApiError(400, 'invalid-request', 'The request body is not valid.', issueDetails(parsed.issues));
  }
  return parsed.output;
}
