// Every error code the central endpoint can answer with, as closed unions: a request's error and a change's rejection.
// The server may only use these (its ApiError takes an ApiErrorCode); the tablet switches on them exhaustively.
// Never rename a shipped code: older tablets switch on it. Add a code here, then handle it where TypeScript says.

/** Codes of a whole request's 4xx/5xx answer (`{"error": {code, message, details}}`). */
export const API_ERROR_CODES = [
  // request shape
  'malformed-json',
  'invalid-request',
  'invalid-encoding',
  'unsupported-media-type',
  'body-too-large',
  'batch-too-large',
  'bad-request',
  'not-found',
  // sign-in and permissions
  'missing-token',
  'invalid-token',
  'token-expired',
  'invalid-credentials',
  // The account was disabled centrally: its old token (revoked then) and its password are refused with this, so
  // the tablet can tell "disabled" from "sign in again". Never sent for an unknown token.
  'account-disabled',
  'too-many-attempts',
  'forbidden',
  // sync
  'protocol-version-unsupported',
  // No longer sent: any active worker may sync from any tablet. Kept because older tablets switch on it.
  'device-belongs-to-another-worker',
  // The token was issued to another device (its login named one): sign in again on this tablet.
  'token-for-another-device',
  'invalid-cursor',
  // attachments
  'invalid-hash',
  'hash-mismatch',
  'empty-attachment',
  'attachment-too-large',
  'attachment-not-found',
  // records, programmes, reference data
  'invalid-record-id',
  'invalid-type',
  'record-not-found',
  'nothing-to-check',
  'invalid-programme',
  'version-conflict',
  'pot-exceeded',
  'pot-below-approved',
  'no-postcode-lookup',
  // the coordinator console
  'invalid-query',
  'not-reviewable',
  // The move is not in src/shared/review.ts REVIEW_MOVES from the record's current state.
  'review-move-refused',
  // Someone moved the record since the coordinator saw it (the request's `expected` state).
  'review-stale',
  // Approving an application the server's re-check does not find eligible needs a stated reason.
  'reason-required',
  // The application's paper form was received outside every round of the programme.
  'outside-round',
  'round-exists',
  'account-exists',
  'account-not-found',
  'import-running',
  // the server itself
  'server-error',
  'database-unavailable',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Codes of one pushed change's `rejected` (or `conflict`) answer: only that change is refused. */
export const CHANGE_REJECTION_CODES = [
  'invalid-change',
  'invalid-payload',
  'payload-too-deep',
  'payload-too-large',
  'attachment-missing',
  'change-id-taken',
  'not-your-record',
  'record-not-on-server',
  'record-type-mismatch',
  'base-version-ahead',
  'record-already-decided',
  'version-conflict',
] as const;
export type ChangeRejectionCode = (typeof CHANGE_REJECTION_CODES)[number];

const apiCodes: ReadonlySet<string> = new Set(API_ERROR_CODES);
const changeCodes: ReadonlySet<string> = new Set(CHANGE_REJECTION_CODES);

/** True for a code this build knows; a newer server's unknown code is treated by its HTTP status instead. */
export const isApiErrorCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && apiCodes.has(code);
export const isChangeRejectionCode = (code: unknown): code is ChangeRejectionCode =>
  typeof code === 'string' && changeCodes.has(code);

/** Exhaustiveness guard for switches over these unions: a new code fails to compile until it is handled. */
export function unhandledCode(code: never): never {
  throw new Error(`Unhandled error code ${String(code)}`);
}
