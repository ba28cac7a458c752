// Workers on a shared tablet: sealing a worker's records from before encryption, removing their sent records
// (signing out, or disabled centrally), and counting what stays.
import Dexie from 'dexie';
import type { RecordStatus } from '../../shared/records';
import { decodeAttachment, decodePayload, encodeAttachment, encodePayload, isLegacyPlain } from './codec';
import { database } from './connection';
import type { OutboxChange, StoredAttachment, StoredRecord } from './database';
import { guarded } from './errors';
import { endSession, forgetWorkerKey, unlockedKey } from './keyring';
import { claimUnownedRecords } from './lifecycle';
import { indexFieldsFor } from './match-key';

/** Records the server has: removing them from the tablet loses nothing (receipts of purged ones go too). */
const SENT_STATUSES = ['synced', 'purged'] as const satisfies readonly RecordStatus[];

const workerRange = (workerId: string) =>
  [
    [workerId, Dexie.minKey],
    [workerId, Dexie.maxKey],
  ] as const;

async function recordsOf(workerId: string): Promise<StoredRecord[]> {
  const db = database();
  const [from, to] = workerRange(workerId);
  const all = await db.transaction('r', db.recordTables, () =>
    Promise.all(
      db.recordTables.map((table) => table.where('[workerId+updatedAt]').between(from, to).toArray()),
    ),
  );
  return all.flat();
}

/** A sign-up written before schema v5 (or before its worker's key existed): no match key worked out yet. */
const needsMatchKey = (record: StoredRecord): boolean =>
  record.type === 'signup' && record.status !== 'purged' && record.matchKey === undefined;

/**
 * Seals the unlocked worker's records still in the clear from before encryption (schema v4 could not: no key
 * existed then): payloads, conflict copies, waiting changes and photos; and gives their sign-ups without one their
 * match key (schema v5 could not either), each written only if unchanged since it was read. Run after every
 * unlock and claim; with nothing left to do it only reads envelopes. Returns how many rows it wrote.
 */
export async function sealLegacyRecords(): Promise<number> {
  return guarded(async () => {
    const { workerId } = unlockedKey();
    const db = database();
    const mine = await recordsOf(workerId);
    const legacy = (record: StoredRecord) =>
      (isLegacyPlain(record.payload) && record.status !== 'purged') ||
      Boolean(record.conflict && isLegacyPlain(record.conflict.payload));
    const records = mine.filter(legacy);
    // Sealed already, only the match key is missing: that field alone is written.
    const unkeyed = mine.filter((record) => !legacy(record) && needsMatchKey(record));
    const ids = mine.map((record) => record.id);
    const [changes, photos] = await db.transaction('r', db.outbox, db.attachments, async () => [
      (await db.outbox.where('recordId').anyOf(ids).toArray()).filter((change) =>
        isLegacyPlain(change.payload),
      ),
      (await db.attachments.where('recordId').anyOf(ids).toArray()).filter((photo) => !photo.seal),
    ]);
    if (records.length + unkeyed.length + changes.length + photos.length === 0) return 0;
    const sealedRecords = await Promise.all(
      records.map(async (record): Promise<StoredRecord> => {
        const answers = isLegacyPlain(record.payload) && record.status !== 'purged';
        const plain = answers ? await decodePayload(record.payload) : null;
        const payload = answers ? await encodePayload(plain) : record.payload;
        const indexed = answers ? await indexFieldsFor(record.type, plain) : {};
        const conflict = record.conflict && {
          ...record.conflict,
          payload: await encodePayload(await decodePayload(record.conflict.payload)),
        };
        return { ...record, payload, ...indexed, conflict };
      }),
    );
    const keys = await Promise.all(
      unkeyed.map(async (record) => ({
        record,
        ...(await indexFieldsFor(record.type, await decodePayload(record.payload))),
      })),
    );
    const sealedChanges = await Promise.all(
      changes.map(
        async (change): Promise<OutboxChange> => ({
          ...change,
          payload: await encodePayload(await decodePayload(change.payload)),
        }),
      ),
    );
    const sealedPhotos = await Promise.all(
      photos.map(async (photo): Promise<StoredAttachment> => {
        const { blob, seal } = await encodeAttachment(await decodeAttachment(photo));
        return { ...photo, blob, seal };
      }),
    );
    return db.transaction('rw', [...db.recordTables, db.outbox, db.attachments], async () => {
      let sealed = 0;
      for (const record of sealedRecords) {
        const table = db.recordTable(record.type);
        const now = await table.get(record.id);
        // Saved meanwhile (it was sealed by that save): leave it.
        if (now?.version !== record.version || !isLegacyPlain(now.payload)) continue;
        await table.put(record);
        sealed++;
      }
      for (const { record, matchKey } of keys) {
        const table = db.recordTable(record.type);
        const now = await table.get(record.id);
        // Saved meanwhile (that save wrote its match key): leave it.
        if (now?.version !== record.version || now.matchKey !== undefined) continue;
        await table.update(record.id, { matchKey });
        sealed++;
      }
      for (const change of sealedChanges) {
        const now = await db.outbox.get(change.changeId);
        if (!now || !isLegacyPlain(now.payload)) continue;
        await db.outbox.put(change);
        sealed++;
      }
      for (const photo of sealedPhotos) {
        const now = await db.attachments.get(photo.id);
        if (!now || now.seal) continue;
        await db.attachments.put({ ...photo, position: now.position });
        sealed++;
      }
      return sealed;
    });
  });
}

/** How many of a worker's records the server does not have yet (drafts included): those always stay. */
export async function countKept(workerId: string): Promise<number> {
  return guarded(
    async () =>
      (await recordsOf(workerId)).filter(
        (record) => !(SENT_STATUSES as readonly string[]).includes(record.status),
      ).length,
  );
}

/**
 * Removes a worker's records that the server has (sent, or kept only as a receipt) and their photos, in one
 * transaction; records not sent are never touched. Returns how many went.
 */
export async function removeSentRecords(workerId: string): Promise<number> {
  return guarded(async () => {
    const db = database();
    const [from, to] = workerRange(workerId);
    return db.transaction('rw', [...db.recordTables, db.attachments], async () => {
      let removed = 0;
      for (const table of db.recordTables) {
        const sent = await table
          .where('[workerId+updatedAt]')
          .between(from, to)
          .filter((record) => (SENT_STATUSES as readonly string[]).includes(record.status))
          .primaryKeys();
        if (sent.length === 0) continue;
        await db.attachments.where('recordId').anyOf(sent).delete();
        await table.bulkDelete(sent);
        removed += sent.length;
      }
      return removed;
    });
  });
}

/**
 * Signing out on a shared tablet: the worker's session and passcode go; with `removeSent` their sent records go
 * too. Their key stays (wrapped by the server's recovery key) while any record of theirs is left, so their next
 * online sign-in opens them; with none left it goes as well.
 */
export async function endWorkerSession(
  workerId: string,
  options: { removeSent: boolean },
): Promise<{ removed: number }> {
  const removed = options.removeSent ? await removeSentRecords(workerId) : 0;
  if ((await recordsOf(workerId)).length === 0) await forgetWorkerKey(workerId);
  else await endSession(workerId, 'signed-out');
  return { removed };
}

/**
 * The central team disabled this worker: their sent records and photos leave the tablet, their passcode and
 * session go (the tablet locks if they were unlocked), and their unsent records stay sealed, to be recovered only
 * if the central team enables them again. Returns what the tablet tells the server.
 */
export async function removeDisabledWorker(workerId: string): Promise<{ removed: number; kept: number }> {
  const removed = await removeSentRecords(workerId);
  const kept = await countKept(workerId);
  if (kept === 0) await forgetWorkerKey(workerId);
  else await endSession(workerId, 'disabled');
  return { removed, kept };
}

/**
 * The unlocked worker claims the records nobody owns (from before encryption, asked first): they become theirs in
 * one transaction, then are sealed under their key. Returns how many were claimed.
 */
export async function claimAndSeal(workerId: string): Promise<number> {
  const claimed = await claimUnownedRecords(workerId);
  await sealLegacyRecords();
  return claimed;
}
