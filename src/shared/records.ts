// The record envelope every sign-up, eligibility check and grant application shares, on the tablet and the server.
import * as v from 'valibot';

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

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A record, change or attachment id made on the device: a lower-case UUIDv7, so ids sort by creation time. */
export const DeviceIdSchema = v.pipe(v.string(), v.regex(UUID_V7, 'Expected a lower-case UUIDv7'));

export const RecordTypeSchema = v.picklist(RECORD_TYPES);
export const RecordStatusSchema = v.picklist(RECORD_STATUSES);

/** An ISO 8601 UTC timestamp as `Date.prototype.toISOString` writes it. */
export const TimestampSchema = v.pipe(v.string(), v.isoTimestamp());

export const isRecordType = (value: unknown): value is RecordType => v.is(RecordTypeSchema, value);
export const isRecordStatus = (value: unknown): value is RecordStatus => v.is(RecordStatusSchema, value);
