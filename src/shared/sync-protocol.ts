// Types and version of the tablet <-> central endpoint sync protocol.
import * as v from 'valibot';
import { DeviceIdSchema, RecordTypeSchema, TimestampSchema } from './records';

/** Bumped whenever a change to the wire format would break an older tablet or server. */
export const PROTOCOL_VERSION = 1;

/**
 * One change a tablet sends: the whole payload of a record at a local version. `changeId` is unique per change
 * and is how the server recognises a change it has already applied (a retry, a lost response, two tabs).
 * `baseVersion` is the server version the tablet last saw for this record (0 for a record the server never had).
 */
export const ChangeSchema = v.object({
  changeId: DeviceIdSchema,
  recordType: RecordTypeSchema,
  recordId: DeviceIdSchema,
  baseVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
  payload: v.unknown(),
  clientUpdatedAt: TimestampSchema,
});
export type Change = v.InferOutput<typeof ChangeSchema>;
