// The outbox: changes waiting for the server, one per record at most, written in the same transaction as the record.
import { newId } from '../../shared/ids';
import { SUPERSEDES_MAX } from '../../shared/sync-limits';
import { database } from './connection';
import type { OutboxChange, StoredRecord } from './database';
import { guarded } from './errors';

/**
 * The change that carries a record's current payload to the server, with a fresh changeId, replacing the record's
 * `replaced` waiting changes: any of them the server may have applied (a failed run took it, or `inFlight`: a push
 * in flight carries it now) is named in `supersedes`, with those it superseded, so the server does not take this
 * one for a conflict with it.
 */
export function changeFor(
  record: StoredRecord,
  replaced: readonly OutboxChange[] = [],
  inFlight = false,
): OutboxChange {
  const supersedes = replaced
    .flatMap((change) => [
      ...(change.supersedes ?? []),
      ...(inFlight || change.attempts > 0 ? [change.changeId] : []),
    ])
    .slice(-SUPERSEDES_MAX);
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
    ...(supersedes.length ? { supersedes } : {}),
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
