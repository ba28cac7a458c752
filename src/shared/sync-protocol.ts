// Types and version of the tablet <-> central endpoint sync protocol.
import * as v from 'valibot';
import { DeviceIdSchema, RecordTypeSchema, TimestampSchema } from './records';
import { SUPERSEDES_MAX } from './sync-limits';

/** Bumped whenever a change to the wire format would break an older tablet or server. */
export const PROTOCOL_VERSION = 1;

/**
 * One change a tablet sends: the whole payload of a record at a local version. `changeId` is unique per change
 * and is how the server recognises a change it has already applied (a retry, a lost response, two tabs).
 * `baseVersion` is the server version the tablet last saw for this record (0 for a record the server never had).
 * `supersedes` lists the changeIds of this record's earlier changes that the tablet sent but never heard answered
 * and then replaced with this one (the worker edited again): when the server's version was made by one of them, this
 * change is on top of it, not in conflict with it. Absent when there are none.
 */
export const ChangeSchema = v.object({
  changeId: DeviceIdSchema,
  recordType: RecordTypeSchema,
  recordId: DeviceIdSchema,
  baseVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
  payload: v.unknown(),
  clientUpdatedAt: TimestampSchema,
  supersedes: v.optional(v.pipe(v.array(DeviceIdSchema), v.maxLength(SUPERSEDES_MAX))),
});
export type Change = v.InferOutput<typeof ChangeSchema>;

/**
 * Deepest nesting of objects and arrays a change's payload may have (`{}` is 1, `{"a": []}` is 2). The deepest real
 * payload, an eligibility check's `result.reasons[n]`, is 3; 32 leaves room for new record types while keeping
 * every recursive step that follows (validation, JSON for the database, jsonb) far from any stack limit. A deeper
 * payload is rejected alone as `payload-too-deep`, before anything recurses into it.
 */
export const PAYLOAD_MAX_DEPTH = 32;

/**
 * Largest payload, as UTF-8 JSON. The biggest real one, a grant application with every box full to its limit, is
 * under 50 KB (photos travel separately as attachments); 256 KiB is five times that, and lets a 4 MiB push still
 * carry at least 16 changes. A bigger payload is rejected alone as `payload-too-large`.
 */
export const PAYLOAD_MAX_BYTES = 256 * 1024;
