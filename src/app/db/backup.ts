// "Download a backup" and its import: every local record, waiting change and attachment in one file, and back.
import {
  type BackupChange,
  type BackupContent,
  BackupError,
  type BackupRecord,
  bytesToBase64,
  serializeBackup,
  verifyBackup,
} from './backup-format';
import { decodeAttachment, decodePayload, encodeAttachment, encodePayload } from './codec';
import { database } from './connection';
import {
  type EncodedPayload,
  type OutboxChange,
  type StoredAttachment,
  type StoredRecord,
  toProblemCode,
} from './database';
import { getDeviceInfo, writeMeta } from './device';
import { guarded } from './errors';
import { unlockedKey } from './keyring';
import { type RestoreSummary, restoreRecords } from './lifecycle';
import { indexFieldsFor } from './match-key';

export { BackupError };

export interface BackupFile {
  blob: Blob;
  fileName: string;
  recordCount: number;
  attachmentCount: number;
}

export type ImportSummary = RestoreSummary;

/**
 * Makes one file holding the unlocked worker's records on this tablet (with records nobody owns yet, from
 * before workers signed in), their waiting changes and photos, payloads opened so another tablet can read them.
 * Works offline; it is the way out when sync is impossible for days. The file holds personal data in clear: it
 * must be kept on Trust devices and deleted once its records have reached the central team.
 */
export async function exportBackup(): Promise<BackupFile> {
  return guarded(async () => {
    const db = database();
    const { workerId } = unlockedKey();
    // One read transaction for a consistent snapshot; decoding and Blob reads happen after it.
    const snapshot = await db.transaction('r', [...db.recordTables, db.outbox, db.attachments], async () => {
      const records = (
        await Promise.all(
          db.recordTables.map((table) =>
            table.filter((record) => record.workerId === workerId || record.workerId === null).toArray(),
          ),
        )
      ).flat();
      const ids = records.map((record) => record.id);
      return {
        records,
        outbox: await db.outbox.where('recordId').anyOf(ids).toArray(),
        attachments: await db.attachments.where('recordId').anyOf(ids).toArray(),
      };
    });
    const content: BackupContent = {
      records: await Promise.all(snapshot.records.map(toBackupRecord)),
      outbox: await Promise.all(
        snapshot.outbox.map(async (change) => ({ ...change, payload: await decodePayload(change.payload) })),
      ),
      attachments: await Promise.all(
        snapshot.attachments.map(async ({ blob, seal, ...info }) => ({
          ...info,
          data: bytesToBase64(
            new Uint8Array(await (await decodeAttachment({ ...info, blob, seal })).arrayBuffer()),
          ),
        })),
      ),
    };
    const { deviceId } = await getDeviceInfo();
    const exportedAt = new Date().toISOString();
    const text = await serializeBackup(content, { deviceId, exportedAt });
    await writeMeta('lastBackup', { at: exportedAt, records: content.records.length });
    return {
      blob: new Blob([text], { type: 'application/json' }),
      fileName: `anchor-outreach-backup-${exportedAt.slice(0, 16).replace(/[:T]/g, '-')}.json`,
      recordCount: content.records.length,
      attachmentCount: content.attachments.length,
    };
  });
}

/**
 * Every stored field, payloads (the record's and a conflict's central copy) decoded so any tablet can read them;
 * not the match key, which is this worker's key's on this tablet (restoring works it out again).
 */
const toBackupRecord = async ({ matchKey: _matchKey, ...record }: StoredRecord): Promise<BackupRecord> => ({
  ...record,
  payload: await decodePayload(record.payload),
  ...(record.conflict
    ? { conflict: { ...record.conflict, payload: await decodePayload(record.conflict.payload) } }
    : {}),
});

/**
 * A file's record as stored: the restoring worker's, payloads sealed under their key. Its status is the
 * lifecycle's to settle (restoreRecords).
 */
const toStoredRecord = async (
  { conflict, ...record }: BackupRecord,
  workerId: string,
): Promise<StoredRecord> => {
  const [payload, indexed, conflictPayload] = await Promise.all([
    encodePayload(record.payload),
    indexFieldsFor(record.type, record.payload),
    conflict ? encodePayload(conflict.payload) : null,
  ]);
  return {
    ...record,
    workerId,
    problem: record.problem && { ...record.problem, code: toProblemCode(record.problem.code) },
    payload,
    ...indexed,
    // Absent in a version 1 file: stays absent, as it was on the tablet that made it.
    ...(conflict === undefined
      ? {}
      : { conflict: conflict && { ...conflict, payload: conflictPayload as EncodedPayload } }),
  };
};

const toOutboxChange = async (change: BackupChange, workerId: string): Promise<OutboxChange> => ({
  ...change,
  workerId,
  payload: await encodePayload(change.payload),
});

/** Records sealed at once while restoring: enough to keep WebCrypto busy, few enough to report progress often. */
export const RESTORE_SLICE = 500;

export interface ImportOptions {
  /**
   * Called as the file's records are sealed under the worker's key (`done` of `total`), first with 0 and last
   * with `total`; the write that follows is one transaction. Not called for a file refused before that.
   */
  onProgress?: (done: number, total: number) => void;
}

/** `map` over `items` RESTORE_SLICE at a time (bounded concurrency), calling `after` with how many are done. */
async function mapInSlices<T, R>(
  items: readonly T[],
  map: (item: T) => Promise<R>,
  after: (done: number) => void,
): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += RESTORE_SLICE) {
    out.push(...(await Promise.all(items.slice(start, start + RESTORE_SLICE).map(map))));
    after(out.length);
  }
  return out;
}

/**
 * Imports a backup file made on this or another tablet (format 1 or 2) as the unlocked worker's. The whole file
 * is checked first (BackupError for a foreign, newer or damaged file, or one holding another worker's records),
 * sealed under the worker's key a slice at a time (reporting `onProgress`), and then restored through the
 * lifecycle in one transaction of bulk reads and writes, so a failure part-way imports nothing. Records nobody
 * owned become the worker's. A record already here at the same or a newer version is kept; waiting changes come
 * with the records they belong to, keeping their changeIds so the server never applies one twice; a record that
 * was being sent comes back waiting.
 */
export async function importBackup(file: Blob, options: ImportOptions = {}): Promise<ImportSummary> {
  const verified = await verifyBackup(await file.text());
  const { workerId } = unlockedKey();
  const { content, attachmentBytes } = verified;
  // Sealed under this worker's key, another worker's records could never be read by them again.
  if (content.records.some((record) => record.workerId && record.workerId !== workerId)) {
    throw new BackupError(
      'another-worker',
      'This backup holds records another worker made, so nothing was imported. They can restore it after unlocking this tablet.',
    );
  }
  return guarded(async () => {
    const total = content.records.length;
    options.onProgress?.(0, total);
    const records = await mapInSlices(
      content.records,
      (record) => toStoredRecord(record, workerId),
      (done) => options.onProgress?.(done, total),
    );
    const changes = await mapInSlices(
      content.outbox,
      (change) => toOutboxChange(change, workerId),
      () => {},
    );
    const attachments: StoredAttachment[] = await mapInSlices(
      content.attachments,
      async ({ data: _data, ...info }) => ({
        ...info,
        ...(await encodeAttachment(
          new Blob([attachmentBytes.get(info.id) as Uint8Array<ArrayBuffer>], { type: info.mediaType }),
        )),
      }),
      () => {},
    );
    return restoreRecords({ records, changes, attachments });
  });
}
