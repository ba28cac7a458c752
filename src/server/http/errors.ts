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

/**
 * True for `application/json`, with at most a UTF-8 charset (RFC 8259: JSON exchanged between systems is UTF-8).
 * Other parameters are ignored; a `+json` suffix type or another charset is not accepted.
 */
export function isJsonMediaType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...parameters] = header.split(';');
  if (type?.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value = ''] = parameter.split('=');
    if (name?.trim().toLowerCase() !== 'charset') return true;
    return /^"?utf-?8"?$/i.test(value.trim());
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON body: 415 `unsupported-media-type` unless it is sent as application/json, 400 `invalid-encoding`
 * for bytes that are not UTF-8 (never stored with replacement characters), 400 `malformed-json`.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (!isJsonMediaType(c.req.header('content-type'))) {
    throw new ApiError(415, 'unsupported-media-type', 'Send the body as application/json.', {
      expected: 'application/json; charset=utf-8',
    });
  }
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid-encoding', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed-json', 'The request body is not valid JSON.');
  }
}

/** Reads a JSON body (see readJsonBody) and validates it: 400 `invalid-request` with where and why. */
export async function readJson<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const body = await readJsonBody(c);
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    throw new ApiError(400, 'invalid-request', 'The request body is not valid.', issueDetails(parsed.issues));
  }
  return parsed.output;
}
