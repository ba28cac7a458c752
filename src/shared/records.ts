// The record envelope every sign-up, eligibility check and grant application shares, on the tablet and the server.
import * as v from 'valibot';
import { RECORD_STATUSES, RECORD_TYPES } from './record-types';

// The plain lists, labels and checks (record-types.ts, which start-up code imports without valibot).
export * from './record-types';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A record, change or attachment id made on the device: a lower-case UUIDv7, so ids sort by creation time. */
export const DeviceIdSchema = v.pipe(v.string(), v.regex(UUID_V7, 'Expected a lower-case UUIDv7'));

export const RecordTypeSchema = v.picklist(RECORD_TYPES);
export const RecordStatusSchema = v.picklist(RECORD_STATUSES);

/** An ISO 8601 UTC timestamp as `Date.prototype.toISOString` writes it. */
export const TimestampSchema = v.pipe(v.string(), v.isoTimestamp());
