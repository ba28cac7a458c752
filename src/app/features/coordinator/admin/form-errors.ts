// Form errors on the administration screens: one message per field id, shown next to the field and in the NHS.UK
// error summary in the form's order; and the server's 400 field issues mapped onto the same fields.
import type { ErrorItem } from '../../../components/error-summary';
import { ConsoleError, NO_CONNECTION_MESSAGE } from '../../../sync/console-client';

/** Field id → message. A problem with no field is kept under FORM_PROBLEM. */
export type FieldErrors = Record<string, string>;

/** The key of a message about the whole form (a conflict, a lost connection), shown in the summary without a link. */
export const FORM_PROBLEM = '';

/** The summary's items: fields in the order the form shows them, then any problem with no field. */
export function summaryItems(errors: FieldErrors, order: readonly string[]): ErrorItem[] {
  const fields = order.filter((id) => errors[id]).map((id) => ({ fieldId: id, text: errors[id] as string }));
  const others = Object.entries(errors)
    .filter(([id]) => id !== FORM_PROBLEM && !order.includes(id))
    .map(([, text]) => ({ text }));
  const form = errors[FORM_PROBLEM] ? [{ text: errors[FORM_PROBLEM] }] : [];
  return [...fields, ...others, ...form];
}

interface Issue {
  path?: unknown;
  message?: unknown;
}

/**
 * The server's field issues (`{path, message}` with dot paths: `details` itself for `invalid-request`, or
 * `details.issues` for `invalid-programme`) as field errors, through `fieldFor` (a dot path → the form's field id,
 * or null for a path the form has no field for).
 */
export function serverIssues(error: ConsoleError, fieldFor: (path: string) => string | null): FieldErrors {
  const details = error.details as Issue[] | { issues?: Issue[] } | undefined;
  const issues = Array.isArray(details) ? details : details?.issues;
  const found: FieldErrors = {};
  if (!Array.isArray(issues)) return found;
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path : '';
    const message = typeof issue.message === 'string' ? issue.message : 'Check this answer';
    const field = fieldFor(path) ?? FORM_PROBLEM;
    found[field] ??= message;
  }
  return found;
}

/** The words for a request that failed in a way the form has no better message for. */
export function problemText(error: unknown): string {
  if (error instanceof ConsoleError) return error.message;
  return error instanceof Error ? error.message : NO_CONNECTION_MESSAGE;
}
