// The record types and statuses as plain lists and labels, with no schema library: what the tablet's start-up code may import.
export const RECORD_TYPES = ['signup', 'eligibility-check', 'grant-application'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/**
 * Where a record stands: `draft` while a worker is still entering it, `ready` once finished and waiting for the
 * server (and while a push carrying it is in flight: that is a mark on the batch, not a status write per record),
 * `synced` once the server has acknowledged it,
 * `needs-attention` when the server rejected it, `conflict` when the server's copy changed too and a person must
 * choose which version stands, and `purged` once retention has removed its answers, leaving a receipt.
 * The moves between them are in src/app/db/lifecycle.ts.
 */
export const RECORD_STATUSES = ['draft', 'ready', 'synced', 'needs-attention', 'conflict', 'purged'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const RECORD_TYPE_LABELS: Record<RecordType, { one: string; many: string }> = {
  signup: { one: 'Sign-up', many: 'Sign-ups' },
  'eligibility-check': { one: 'Eligibility check', many: 'Eligibility checks' },
  'grant-application': { one: 'Grant application', many: 'Grant applications' },
};

export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
  draft: 'Draft',
  ready: 'Waiting to send',
  synced: 'Sent',
  'needs-attention': 'Needs attention',
  conflict: 'Changed in two places',
  purged: 'Sent, answers removed',
};

export const isRecordType = (value: unknown): value is RecordType =>
  (RECORD_TYPES as readonly unknown[]).includes(value);
export const isRecordStatus = (value: unknown): value is RecordStatus =>
  (RECORD_STATUSES as readonly unknown[]).includes(value);
