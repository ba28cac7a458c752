// The outbox: changes waiting for the server, one per record at most, written in the same transaction as the record.
import { newId } from '../../shared/ids';
import { database } from './connection';
import type { OutboxChange, StoredRecord } from './database';
import { guarded } from './errors';

/** The change that carries a record's current payload to the server, with a fresh changeId. */
export function changeFor(record: StoredRecord): OutboxChange {
  return {
    changeId: newId(),
    recordType: record.type,
    recordId: record.id,
    recordVersion: record.version,
    baseVersion: record.serverVersion,
    payload: record.payload,
    clientUpdatedAt: record.updatedAt,
    queuedAt: new Date().toISOString(),
    attempts: 0,
    workerId: record.workerId,
  };
}

/** The changes waiting for the server, oldest first. */
export async function listOutbox(): Promise<OutboxChange[]> {
  return guarded(() => database().outbox.orderBy('queuedAt').toArray());
}

/** How many changes are waiting for the server: all, or one worker's (a scan: for a run's start, not a screen). */
export async function countOutbox(workerId?: string): Promise<number> {
  return guarded(() =>
    workerId === undefined
      ? database().outbox.count()
      : database()
          .outbox.filter((change) => change.workerId === workerId)
          .count(),
  );
}
