// The store side of syncing: taking a batch of waiting changes, recording what the server answered, pulled
// reviews and reference data, conflicts, and removing personal details once the server has had them a while.
import Dexie, { type Collection } from 'dexie';
import type { ChangeResult, PullResponse } from '../../shared/api';
import { attachmentHashes } from '../../shared/payloads';
import { MICRO_GRANT, SOUTHEND_2050_AMBITION } from '../../shared/programmes';
import { RECORD_TYPES, type RecordStatus, type RecordType } from '../../shared/records';
import { decodeAttachment, decodePayload, encodePayload, encodePlain, isLegacyPlain } from './codec';
import { database } from './connection';
import { type AnchorDatabase, type OutboxChange, type StoredRecord, toProblemCode } from './database';
import { readMeta } from './device';
import { guarded } from './errors';
import { unlockedWorker } from './keyring';
import { markInFlight, recordsInFlight, type TransitionName, transition } from './lifecycle';
import { ATTENTION_STATUSES } from './records';

export { resolveConflict } from './lifecycle';

export interface OutgoingChange {
  change: OutboxChange;
  /** The payload decoded, as the server receives it. */
  payload: unknown;
  /** The change as it goes in the push body: JSON of {changeId, recordType, recordId, baseVersion, payload, clientUpdatedAt, supersedes?}. */
  wire: string;
  /** UTF-8 length of `wire`. */
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

export interface BatchLimits {
  maxChanges: number;
  maxBytes: number;
}

type RecordRef = Pick<OutboxChange, 'recordType' | 'recordId'>;

const now = () => new Date().toISOString();
const utf8 = new TextEncoder();

/** The records of `refs`, by type, read by key in one bulkGet per type; undefined where a record is gone. */
async function recordsOf<R extends RecordRef>(
  db: AnchorDatabase,
  refs: readonly R[],
): Promise<{ ref: R; record: StoredRecord | undefined }[]> {
  const found: { ref: R; record: StoredRecord | undefined }[] = [];
  for (const type of RECORD_TYPES) {
    const ofType = refs.filter((ref) => ref.recordType === type);
    if (ofType.length === 0) continue;
    const records = await db.recordTable(type).bulkGet(ofType.map((ref) => ref.recordId));
    ofType.forEach((ref, index) => {
      found.push({ ref, record: records[index] });
    });
  }
  return found;
}

/** Writes records, one bulkPut per type. Must run inside a transaction over the record tables. */
async function putRecords(db: AnchorDatabase, records: readonly StoredRecord[]): Promise<void> {
  for (const type of RECORD_TYPES) {
    const ofType = records.filter((record) => record.type === type);
    if (ofType.length) await db.recordTable(type).bulkPut(ofType);
  }
}

/** Takes `recordIds` off the in-flight mark. Must run inside a read-write transaction over db.meta. */
async function unmark(db: AnchorDatabase, recordIds: readonly string[]): Promise<void> {
  const inFlight = await recordsInFlight(db);
  for (const id of recordIds) inFlight.delete(id);
  await markInFlight(db, inFlight);
}

/** Counts an attempt on these changes: the server may have applied them. Must run inside a write over db.outbox. */
async function countAttempt(changes: Collection<OutboxChange, string>): Promise<void> {
  await changes.modify((change) => {
    change.attempts += 1;
  });
}

/**
 * Clears the in-flight mark a run that never finished left (the page closed, the battery died). Those records'
 * outbox changes were never removed, so they are sent again with the same changeIds and the server answers
 * "duplicate" for any it had already applied; each counts an attempt, as the server may have applied it. Call at
 * the start of every sync run; returns how many were marked.
 */
export async function releaseInFlight(): Promise<number> {
  return guarded(async () => {
    const db = database();
    return db.transaction('rw', db.meta, db.outbox, async () => {
      const marked = await recordsInFlight(db);
      if (marked.size) {
        await markInFlight(db, new Set());
        await countAttempt(db.outbox.where('recordId').anyOf([...marked]));
      }
      return marked.size;
    });
  });
}

/**
 * Takes a batch that could not be sent off the in-flight mark: its changes wait for the next run. `mayHaveArrived`:
 * its push failed without an answer (the server may have applied it), so each change counts an attempt.
 */
export async function releaseBatch(
  batch: Batch,
  { mayHaveArrived }: { mayHaveArrived: boolean },
): Promise<void> {
  await guarded(async () => {
    const db = database();
    await db.transaction('rw', db.meta, db.outbox, async () => {
      await unmark(
        db,
        batch.changes.map(({ change }) => change.recordId),
      );
      if (mayHaveArrived) {
        await countAttempt(
          db.outbox.where('changeId').anyOf(batch.changes.map(({ change }) => change.changeId)),
        );
      }
    });
  });
}

/**
 * The oldest waiting changes not in a push in flight (only `workerId`'s when given), up to `max`. Every outbox change belongs to a "ready" record
 * (the lifecycle keeps one change exactly for each), so only the outbox is read: by ranges of its queuedAt index,
 * each starting where the last ended (no offsets, nothing read twice but ties), from after `inFlight` (a batch
 * still being sent holds the oldest changes) when given. Must run inside a transaction over the outbox.
 */
async function waitingChanges(
  db: AnchorDatabase,
  max: number,
  marked: ReadonlySet<string>,
  options: TakeOptions,
): Promise<OutboxChange[]> {
  const { inFlight, workerId } = options;
  const found: OutboxChange[] = [];
  const seen = new Map(inFlight?.changes.map(({ change }) => [change.changeId, change.queuedAt]));
  let from = inFlight?.changes.at(-1)?.change.queuedAt;
  for (;;) {
    const need = max - found.length;
    const start = from;
    // Changes queued in the same millisecond as the last one read are read again, and skipped by id.
    const ties = start === undefined ? 0 : [...seen.values()].filter((at) => at === start).length;
    const rows = (
      start === undefined
        ? await db.outbox.orderBy('queuedAt').limit(need).toArray()
        : await db.outbox
            .where('queuedAt')
            .aboveOrEqual(start)
            .limit(need + ties)
            .toArray()
    ).filter((row) => !seen.has(row.changeId));
    if (rows.length === 0) return found;
    for (const row of rows) seen.set(row.changeId, row.queuedAt);
    from = rows.at(-1)?.queuedAt;
    found.push(
      ...rows.filter(
        (row) => !marked.has(row.recordId) && (workerId === undefined || row.workerId === workerId),
      ),
    );
    if (found.length >= max) return found.slice(0, max);
  }
}

/** The change as it goes in the push body, in the protocol's key order (src/shared/sync-protocol.ts). */
async function toWire(change: OutboxChange): Promise<OutgoingChange> {
  const payload = await decodePayload(change.payload);
  const wire = JSON.stringify({
    changeId: change.changeId,
    recordType: change.recordType,
    recordId: change.recordId,
    baseVersion: change.baseVersion,
    payload,
    clientUpdatedAt: change.clientUpdatedAt,
    supersedes: change.supersedes?.length ? change.supersedes : undefined,
  });
  return { change, payload, wire, bytes: utf8.encode(wire).byteLength };
}

/**
 * The oldest waiting changes, up to `maxChanges` and `maxBytes` of wire JSON (at least one when any waits, however
 * large), marked in flight so nobody edits their records mid-push and no other batch takes them, and the photos
 * they name. One read-write transaction over the outbox and the mark finds and marks them (no record is read or
 * written); decoding happens after it (the codec may be asynchronous), and any past `maxBytes` are unmarked again.
 */
export interface TakeOptions {
  /** A batch still being sent: the next batch starts after it. */
  inFlight?: Batch | undefined;
  /** Take only this worker's changes (the signed-in worker's; another worker's or nobody's wait for them). */
  workerId?: string | undefined;
}

export async function takeBatch(limits: BatchLimits, options: TakeOptions = {}): Promise<Batch> {
  return guarded(async () => {
    const db = database();
    const taken = await db.transaction('rw', db.outbox, db.meta, async () => {
      const marked = await recordsInFlight(db);
      const waiting = await waitingChanges(db, limits.maxChanges, marked, options);
      if (waiting.length) {
        for (const change of waiting) marked.add(change.recordId);
        await markInFlight(db, marked);
      }
      return waiting;
    });
    const changes: OutgoingChange[] = [];
    let bytes = 0;
    for (const change of taken) {
      const outgoing = await toWire(change);
      // The first change goes however large it is: the engine deals with one the server cannot take.
      if (changes.length > 0 && bytes + outgoing.bytes > limits.maxBytes) break;
      changes.push(outgoing);
      bytes += outgoing.bytes;
    }
    const over = taken.slice(changes.length).map((change) => change.recordId);
    if (over.length) await db.transaction('rw', db.meta, () => unmark(db, over));
    const hashes = [...new Set(changes.flatMap(({ payload }) => attachmentHashes(payload)))];
    const rows = hashes.length ? await db.attachments.where('sha256').anyOf(hashes).toArray() : [];
    const bySha = new Map(rows.map((row) => [row.sha256, row]));
    // Each photo opened with the worker's key: the server stores (and hashes) the photo, not its ciphertext.
    const attachments = await Promise.all(
      hashes.flatMap((sha256) => {
        const row = bySha.get(sha256);
        return row
          ? [decodeAttachment(row).then((blob) => ({ sha256, mediaType: row.mediaType, blob }))]
          : [];
      }),
    );
    return { changes, attachments, bytes };
  });
}

const REJECTED_MESSAGE = 'The central team could not take this record.';
const CONFLICT_MESSAGE = 'The central copy changed since this tablet last sent it.';

/**
 * Records the server's answer to each sent change in one transaction: applied or duplicate -> "synced" at the
 * server's version; rejected -> "needs attention" with the server's code and words; conflict -> "conflict" with
 * the server's copy kept for the worker to compare. Each answered change leaves the outbox; a change the answers
 * do not cover goes back to "ready". A record no longer "syncing" (put back meanwhile) keeps its change, which is
 * sent again and answered "duplicate".
 */
export async function applyPushResults(sent: Batch, results: ChangeResult[]): Promise<void> {
  const byId = new Map(results.map((result) => [result.changeId, result]));
  const copies = new Map<string, NonNullable<StoredRecord['conflict']>>();
  await Promise.all(
    results.map(async (result) => {
      if (result.status === 'conflict' && result.server && result.changeId) {
        copies.set(result.changeId, {
          version: result.server.version,
          payload: await encodePayload(result.server.payload),
          updatedAt: result.server.updatedAt,
        });
      }
    }),
  );
  await guarded(async () => {
    const db = database();
    await db.transaction('rw', [db.outbox, db.meta, ...db.recordTables], async () => {
      const at = now();
      const answered: string[] = [];
      const updated: StoredRecord[] = [];
      const sentChanges = sent.changes.map(({ change }) => change);
      await unmark(
        db,
        sentChanges.map((change) => change.recordId),
      );
      for (const { ref: change, record } of await recordsOf(db, sentChanges)) {
        const result = byId.get(change.changeId);
        // Unanswered: the change waits for the next run.
        if (!result) continue;
        // Answered: the change leaves the outbox (deleting one a restore already replaced does nothing).
        answered.push(change.changeId);
        // The record is gone, already answered, or not the copy the change carried (a restore brought a newer
        // one with its own change; edits wait while a record is in flight): nothing more to record.
        if (record?.status !== 'ready' || record.version !== change.recordVersion) continue;
        const copy = copies.get(change.changeId);
        const problem = {
          code: toProblemCode(
            result.error?.code ??
              (result.status === 'conflict' ? 'version-conflict' : 'rejected-without-code'),
          ),
          message:
            result.error?.message ?? (result.status === 'conflict' ? CONFLICT_MESSAGE : REJECTED_MESSAGE),
        };
        const name: TransitionName =
          result.status === 'applied' || result.status === 'duplicate'
            ? 'acknowledge'
            : result.status === 'conflict' && copy
              ? 'conflict'
              : 'reject';
        updated.push(
          name === 'acknowledge'
            ? transition(record, name, {
                ...record,
                serverVersion: result.recordVersion ?? change.baseVersion,
                problem: null,
                conflict: null,
                acknowledgedAt: at,
              })
            : transition(record, name, { ...record, problem, conflict: copy ?? null }),
        );
      }
      await putRecords(db, updated);
      await db.outbox.bulkDelete(answered);
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
  /** Records a person has to act on: refused by the server, or changed in two places. */
  needsAttention: number;
  lastSyncAt: string | null;
}

/**
 * The unlocked worker's figures (their waiting records, the ones needing them, the last good sync): a sync run
 * sends only their changes, so counting another worker's would leave their panel saying "waiting" for good. With
 * nobody unlocked, the whole tablet's.
 */
export async function syncSummary(): Promise<SyncSummary> {
  return guarded(async () => {
    const db = database();
    const workerId = unlockedWorker()?.id;
    const count = (statuses: readonly RecordStatus[]) =>
      Promise.all(
        db.recordTables.flatMap((table) =>
          statuses.map((status) =>
            workerId === undefined
              ? table.where('status').equals(status).count()
              : table
                  .where('[workerId+status+updatedAt]')
                  .between([workerId, status, Dexie.minKey], [workerId, status, Dexie.maxKey])
                  .count(),
          ),
        ),
      ).then((counts) => counts.reduce((sum, n) => sum + n, 0));
    // A record is "ready" exactly when it has one outbox change (the lifecycle keeps it so).
    const [waiting, attention, last] = await Promise.all([
      workerId === undefined ? db.outbox.count() : count(['ready']),
      count(ATTENTION_STATUSES),
      db.meta.get('last-sync'),
    ]);
    return {
      waiting,
      needsAttention: attention,
      lastSyncAt: (last?.value as string | undefined) ?? null,
    };
  });
}

export async function recordSyncSuccess(at = now()): Promise<void> {
  await guarded(() => database().meta.put({ key: 'last-sync', value: at }));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Which programme's retention period applies to a record: its own programme's. */
type ProgrammeKind = 'resident' | 'grant';

/** The programme a record belongs to: a check by what it checks, the others by their type. */
async function programmeOf(record: StoredRecord): Promise<ProgrammeKind | 'either'> {
  if (record.type === 'signup') return 'resident';
  if (record.type === 'grant-application') return 'grant';
  // Another worker's check is sealed under their key: what it checks is unknown, so the longer period applies.
  if (record.workerId !== unlockedWorker()?.id && !isLegacyPlain(record.payload)) return 'either';
  const payload = await decodePayload<{ kind?: unknown } | null>(record.payload);
  return payload?.kind === 'organisation' ? 'grant' : 'resident';
}

/** Each programme's retention period in days: the central team's latest settings, or the built-in seeds. */
async function retentionDays(): Promise<Record<ProgrammeKind, number>> {
  const programmes = (await readReferenceData())?.programmes ?? [];
  const days = (kind: ProgrammeKind, seed: number) =>
    programmes.find((programme) => programme.kind === kind)?.retentionDays ?? seed;
  return {
    resident: days('resident', SOUTHEND_2050_AMBITION.retentionDays),
    grant: days('grant', MICRO_GRANT.retentionDays),
  };
}

/**
 * Retention: records the server acknowledged longer ago than their own programme's retention period (sign-ups
 * and resident checks: Southend 2050 Ambition; grant applications and organisation checks: the micro-grant) keep
 * only a receipt (id, type, when it was sent) and become "purged"; their answers and photos leave the tablet, in
 * one transaction. Records not acknowledged are never touched. Returns how many were purged.
 */
export async function runRetention(at: Date = new Date()): Promise<number> {
  return guarded(async () => {
    const db = database();
    const days = await retentionDays();
    const synced = (
      await db.transaction('r', db.recordTables, () =>
        Promise.all(db.recordTables.map((table) => table.where('status').equals('synced').toArray())),
      )
    ).flat();
    const due = (
      await Promise.all(
        synced.map(async (record) => {
          // Never acknowledged (sent before acknowledgedAt existed) or already a receipt: nothing to count from.
          if (!record.acknowledgedAt || record.purgedAt) return [];
          const programme = await programmeOf(record);
          const period = programme === 'either' ? Math.max(days.resident, days.grant) : days[programme];
          const cutoff = new Date(at.getTime() - period * DAY_MS).toISOString();
          return record.acknowledgedAt < cutoff ? [record] : [];
        }),
      )
    ).flat();
    if (due.length === 0) return 0;
    // A receipt holds nothing personal: kept in the clear, so any worker's purge can write it.
    const receipts = await Promise.all(
      due.map((record) => encodePlain({ receipt: { sentAt: record.acknowledgedAt } })),
    );
    return db.transaction('rw', [...db.recordTables, db.attachments], async () => {
      const purgedAt = now();
      const current = await recordsOf(
        db,
        due.map((record, index) => ({ recordType: record.type, recordId: record.id, record, index })),
      );
      // Only a record still sent, at the version read above: one changed meanwhile waits for the next run.
      const purged = current.flatMap(({ ref, record }) =>
        record?.status === 'synced' && record.version === ref.record.version
          ? [
              transition(record, 'purge', {
                ...record,
                payload: receipts[ref.index] ?? record.payload,
                // A receipt is nobody: the duplicate check no longer finds the sign-up it was.
                ...(record.type === 'signup' ? { matchKey: null } : {}),
                purgedAt,
              }),
            ]
          : [],
      );
      await putRecords(db, purged);
      await db.attachments
        .where('recordId')
        .anyOf(purged.map((record) => record.id))
        .delete();
      return purged.length;
    });
  });
}
