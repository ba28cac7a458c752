// The store side of syncing: taking a batch of waiting changes, recording what the server answered, pulled
// reviews and reference data, conflicts, and removing personal details once the server has had them a while.
import type { ChangeResult, PullResponse } from '../../shared/api';
import { attachmentHashes } from '../../shared/payloads';
import { RECORD_TYPES, type RecordType } from '../../shared/records';
import { decodePayload, encodePayload } from './codec';
import { database } from './connection';
import type { OutboxChange, StoredRecord } from './database';
import { readMeta } from './device';
import { guarded, StoreError } from './errors';
import { changeFor } from './outbox';

export interface OutgoingChange {
  change: OutboxChange;
  /** The payload decoded, as the server receives it. */
  payload: unknown;
  /** The change as sent: JSON of the protocol's change (src/shared/sync-protocol.ts), and its UTF-8 size. */
  wire: string;
  bytes: number;
}

export interface OutgoingAttachment {
  sha256: string;
  mediaType: string;
  blob: Blob;
}

export interface Batch {
  changes: OutgoingChange[];
  attachments: OutgoingAttachment[];
  /** The sum of the changes' `bytes`. */
  bytes: number;
}

const now = () => new Date().toISOString();

/**
 * Changes the status of the given records that are in `from` to `to`, by key (bulkGet/bulkPut: no table scans).
 * Must run inside a transaction over the record tables.
 */
async function moveStatus(
  changes: readonly Pick<OutboxChange, 'recordType' | 'recordId'>[],
  from: StoredRecord['status'],
  to: StoredRecord['status'],
): Promise<void> {
  const db = database();
  for (const type of RECORD_TYPES) {
    const ids = changes.filter((change) => change.recordType === type).map((change) => change.recordId);
    if (ids.length === 0) continue;
    const table = db.recordTable(type);
    const found = (await table.bulkGet(ids)).filter(
      (record): record is StoredRecord => record?.status === from,
    );
    await table.bulkPut(found.map((record) => ({ ...record, status: to })));
  }
}

/**
 * Records left "syncing" by a run that never finished (the page closed, the battery died) go back to "ready".
 * Their outbox changes were never removed, so they are sent again with the same changeIds and the server answers
 * "duplicate" for any it had already applied. Call at the start of every sync run.
 */
export async function releaseInFlight(): Promise<number> {
  return guarded(async () => {
    const db = database();
    let released = 0;
    await db.transaction('rw', db.recordTables, async () => {
      for (const table of db.recordTables) {
        released += await table.where('status').equals('syncing').modify({ status: 'ready' });
      }
    });
    return released;
  });
}

/** Puts the records of a batch that could not be sent back to "ready" (the next run sends them again). */
export async function releaseBatch(batch: Batch): Promise<void> {
  await guarded(async () => {
    const db = database();
    await db.transaction('rw', db.recordTables, async () => {
      await moveStatus(
        batch.changes.map(({ change }) => change),
        'syncing',
        'ready',
      );
    });
  });
}

const utf8 = new TextEncoder();

/**
 * The oldest waiting changes, within `limits` (at least one when any waits, however large), skipping those of a
 * batch still in flight, marking their records "syncing" so nobody edits them mid-push, serialised as sent, and the photos they
 * name. The Dexie transaction only reads and marks; decoding and Blob reads happen after it.
 */
export async function takeBatch(
  limits: { maxChanges: number; maxBytes: number },
  options: { inFlight?: Batch } = {},
): Promise<Batch> {
  return guarded(async () => {
    const db = database();
    const skip = new Set(options.inFlight?.changes.map(({ change }) => change.changeId));
    const changes = await db.transaction('rw', [db.outbox, ...db.recordTables], async () => {
      const waiting = await db.outbox
        .orderBy('queuedAt')
        .filter((change) => !skip.has(change.changeId))
        .limit(limits.maxChanges)
        .toArray();
      await moveStatus(waiting, 'ready', 'syncing');
      return waiting;
    });
    const outgoing: OutgoingChange[] = [];
    let bytes = 0;
    for (const change of changes) {
      const payload = await decodePayload(change.payload);
      const wire = JSON.stringify({
        changeId: change.changeId,
        recordType: change.recordType,
        recordId: change.recordId,
        baseVersion: change.baseVersion,
        payload,
        clientUpdatedAt: change.clientUpdatedAt,
      });
      const size = utf8.encode(wire).length;
      if (outgoing.length > 0 && bytes + size > limits.maxBytes) break;
      outgoing.push({ change, payload, wire, bytes: size });
      bytes += size;
    }
    const left = changes.slice(outgoing.length);
    if (left.length) await db.transaction('rw', db.recordTables, () => moveStatus(left, 'syncing', 'ready'));
    const hashes = [...new Set(outgoing.flatMap((item) => attachmentHashes(item.payload)))];
    const rows = hashes.length ? await db.attachments.where('sha256').anyOf(hashes).toArray() : [];
    const bySha = new Map(rows.map((row) => [row.sha256, row]));
    const attachments = hashes.flatMap((sha256) => {
      const row = bySha.get(sha256);
      return row ? [{ sha256, mediaType: row.mediaType, blob: row.blob }] : [];
    });
    return { changes: outgoing, attachments, bytes };
  });
}

/**
 * Records the server's answer to each sent change in one transaction: applied or duplicate -> "synced" at the
 * server's version; rejected -> "needs attention" with the server's reason; conflict -> "needs attention" with the
 * server's copy kept for the worker to compare. Each answered change leaves the outbox.
 */
export async function applyPushResults(sent: Batch, results: ChangeResult[]): Promise<void> {
  const byId = new Map(results.map((result) => [result.changeId, result]));
  const conflicts = new Map<string, StoredRecord['conflict']>();
  for (const result of results) {
    if (result.status === 'conflict' && result.server && result.changeId) {
      conflicts.set(result.changeId, {
        version: result.server.version,
        payload: await encodePayload(result.server.payload),
        updatedAt: result.server.updatedAt,
      });
    }
  }
  await guarded(async () => {
    const db = database();
    await db.transaction('rw', [db.outbox, ...db.recordTables], async () => {
      const answered = sent.changes.map(({ change }) => change).filter((change) => byId.has(change.changeId));
      const unanswered = sent.changes
        .map(({ change }) => change)
        .filter((change) => !byId.has(change.changeId));
      await moveStatus(unanswered, 'syncing', 'ready');
      await db.outbox.bulkDelete(answered.map((change) => change.changeId));
      const at = now();
      for (const type of RECORD_TYPES) {
        const ofType = answered.filter((change) => change.recordType === type);
        if (ofType.length === 0) continue;
        const table = db.recordTable(type);
        const stored = await table.bulkGet(ofType.map((change) => change.recordId));
        const updated = ofType.flatMap((change, index): StoredRecord[] => {
          const record = stored[index];
          const result = byId.get(change.changeId);
          if (!record || !result) return [];
          if (result.status === 'applied' || result.status === 'duplicate') {
            return [
              {
                ...record,
                status: 'synced',
                serverVersion: result.recordVersion ?? change.baseVersion,
                problem: null,
                conflict: null,
                acknowledgedAt: at,
              },
            ];
          }
          return [
            {
              ...record,
              status: 'needs-attention',
              problem: result.error ?? {
                code: result.status,
                message: 'The central team could not take this record.',
              },
              conflict: conflicts.get(change.changeId) ?? null,
            },
          ];
        });
        await table.bulkPut(updated);
      }
    });
  });
}

/**
 * Resolves a conflict: "keep-mine" sends this tablet's version again on top of the server's; "take-server"
 * replaces this tablet's copy with the server's. Offline both work; "keep-mine" waits in the outbox.
 */
export async function resolveConflict(
  type: RecordType,
  id: string,
  choice: 'keep-mine' | 'take-server',
): Promise<void> {
  await guarded(async () => {
    const db = database();
    const table = db.recordTable(type);
    await db.transaction('rw', table, db.outbox, async () => {
      const record = await table.get(id);
      if (!record?.conflict)
        throw new StoreError('not-found', { message: 'This record has no conflict to resolve.' });
      const { conflict } = record;
      if (choice === 'take-server') {
        await table.put({
          ...record,
          payload: conflict.payload,
          version: record.version + 1,
          serverVersion: conflict.version,
          status: 'synced',
          problem: null,
          conflict: null,
          acknowledgedAt: now(),
          updatedAt: now(),
        });
        return;
      }
      const next: StoredRecord = {
        ...record,
        serverVersion: conflict.version,
        status: 'ready',
        problem: null,
        conflict: null,
        updatedAt: now(),
      };
      await table.put(next);
      await db.outbox.add(changeFor(next));
    });
  });
}

/** The server's copy of a conflicted record, decoded, for the worker to compare; undefined when none. */
export async function readConflictCopy(
  type: RecordType,
  id: string,
): Promise<{ version: number; payload: unknown; updatedAt: string } | undefined> {
  return guarded(async () => {
    const conflict = (await database().recordTable(type).get(id))?.conflict;
    return conflict ? { ...conflict, payload: await decodePayload(conflict.payload) } : undefined;
  });
}

export interface ReferenceData {
  programmes: PullResponse['reference']['programmes'];
  fundsRemaining: PullResponse['reference']['fundsRemaining'];
  postcodeLookupVersion: string | null;
  receivedAt: string;
}

/** Stores one pull page: review decisions on this tablet's records, reference data and the new cursor, at once. */
export async function applyPull(page: PullResponse): Promise<void> {
  await guarded(async () => {
    const db = database();
    await db.transaction('rw', [db.meta, ...db.recordTables], async () => {
      for (const update of page.updates) {
        await db.recordTable(update.recordType).update(update.recordId, { review: update.review });
      }
      const reference: ReferenceData = { ...page.reference, receivedAt: now() };
      await db.meta.put({ key: 'reference', value: reference });
      await db.meta.put({ key: 'pull-cursor', value: page.cursor });
    });
  });
}

export const readPullCursor = async (): Promise<string> => (await readMeta<string>('pull-cursor')) ?? '0';
export const readReferenceData = (): Promise<ReferenceData | undefined> =>
  readMeta<ReferenceData>('reference');

export interface SyncSummary {
  waiting: number;
  needsAttention: number;
  lastSyncAt: string | null;
}

export async function syncSummary(): Promise<SyncSummary> {
  return guarded(async () => {
    const db = database();
    const [waiting, attention, last] = await Promise.all([
      db.outbox.count(),
      Promise.all(db.recordTables.map((table) => table.where('status').equals('needs-attention').count())),
      db.meta.get('last-sync'),
    ]);
    return {
      waiting,
      needsAttention: attention.reduce((sum, count) => sum + count, 0),
      lastSyncAt: (last?.value as string | undefined) ?? null,
    };
  });
}

export async function recordSyncSuccess(at = now()): Promise<void> {
  await guarded(() => database().meta.put({ key: 'last-sync', value: at }));
}

/**
 * Retention: records the server acknowledged more than `retentionDays` ago keep only a receipt (id, type, when
 * it was sent); their answers and photos leave the tablet. Records not yet acknowledged are never touched.
 */
export async function purgeAcknowledged(retentionDays: number, at = new Date()): Promise<number> {
  const cutoff = new Date(at.getTime() - retentionDays * 24 * 60 * 60 * 1000).toISOString();
  return guarded(async () => {
    const db = database();
    let purged = 0;
    for (const type of RECORD_TYPES) {
      const table = db.recordTable(type);
      const due = (await table.where('status').equals('synced').toArray()).filter(
        (record) => record.acknowledgedAt && record.acknowledgedAt < cutoff && !record.purgedAt,
      );
      for (const record of due) {
        const receipt = await encodePayload({ receipt: { sentAt: record.acknowledgedAt } });
        await db.transaction('rw', table, db.attachments, async () => {
          const current = await table.get(record.id);
          if (current?.status !== 'synced' || current.version !== record.version) return;
          await table.update(record.id, { payload: receipt, purgedAt: new Date().toISOString() });
          await db.attachments.where('recordId').equals(record.id).delete();
          purged++;
        });
      }
    }
    return purged;
  });
}
