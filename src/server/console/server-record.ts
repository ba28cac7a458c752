// A stored record as the API answers it (ServerRecord): the record page's `record` and a review's answer.
import type { ServerRecord } from '../../shared/api';
import type { ReviewState } from '../../shared/review';
import type { records } from '../db/schema';

type RecordRow = typeof records.$inferSelect;

export function toServerRecord(row: RecordRow): ServerRecord {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    ownerId: row.ownerId,
    deviceId: row.deviceId,
    payload: row.payload,
    clientUpdatedAt: row.clientUpdatedAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    review:
      row.reviewState && row.reviewedAt && row.reviewedBy
        ? {
            decision: row.reviewState as ReviewState,
            note: row.reviewNote,
            decidedAt: row.reviewedAt.toISOString(),
            decidedBy: row.reviewedBy,
          }
        : null,
  };
}
