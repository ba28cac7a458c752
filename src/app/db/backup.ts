// "Download a backup" and its import: every local record, waiting change and attachment in one file, and back.
import {
  type BackupChange,
  type BackupContent,
  type BackupRecord,
  bytesToBase64,
  serializeBackup,
  verifyBackup,
} from './backup-format';
import { decodePayload, encodePayload } from './codec';
import { database } from './connection';
import { type OutboxChange, type StoredAttachment, type StoredRecord, toProblemCode } from './database';
import { getDeviceInfo, writeMeta } from './device';
import { guarded } from './errors';
import { type RestoreSummary, restoreRecords } from './lifecycle';

export { BackupError } from './backup-format';

export interface BackupFile {
  blob: Blob;
  fileName: string;
  recordCount: number;
  attachmentCount: number;
}

export type ImportSummary = RestoreSummary;

/**
 * Makes one file holding everything on this tablet, payloads decoded so another tablet can read it. Works
 * offline; it is the way out when sync is impossible for days. The file holds personal data in clear: it must be
 * kept on Trust devices and deleted once its records have reached the central team.
 */
export async function exportBackup(): Promise<BackupFile> {
  return guarded(async () => {
    const db = database();
    // One read transaction for a consistent snapshot; decoding and Blob reads happen after it.
    const snapshot = await db.transaction('r', [...db.recordTables, db.outbox, db.attachments], async () => ({
      records: (await Promise.all(db.recordTables.map((table) => table.toArray()))).flat(),
      outbox: await db.outbox.toArray(),
      attachments: await db.attachments.toArray(),
    }));
    const content: BackupContent = {
      records: await Promise.all(snapshot.records.map(toBackupRecord)),
      outbox: await Promise.all(
        snapshot.outbox.map(async (change) => ({ ...change, payload: await decodePayload(change.payload) })),
      ),
      attachments: await Promise.all(
        snapshot.attachments.map(async ({ blob, ...info }) => ({
          ...info,
          data: bytesToBase64(new Uint8Array(await blob.arrayBuffer())),
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

/** Every stored field, payloads (the record's and a conflict's central copy) decoded so any tablet can read them. */
const toBackupRecord = async (record: StoredRecord): Promise<BackupRecord> => ({
  ...record,
  payload: await decodePayload(record.payload),
  ...(record.conflict
    ? { conflict: { ...record.conflict, payload: await decodePayload(record.conflict.payload) } }
    : {}),
});

/** A file's record as stored: payloads encoded again. Its status is the lifecycle's to settle (restoreRecords). */
const toStoredRecord = async ({ conflict, ...record }: BackupRecord): Promise<StoredRecord> => ({
  ...record,
  problem: record.problem && { ...record.problem, code: toProblemCode(record.problem.code) },
  payload: await encodePayload(record.payload),
  // Absent in a version 1 file: stays absent, as it was on the tablet that made it.
  ...(conflict === undefined
    ? {}
    : { conflict: conflict && { ...conflict, payload: await encodePayload(conflict.payload) } }),
});

const toOutboxChange = async (change: BackupChange): Promise<OutboxChange> => ({
  ...change,
  // Restore sets it from the change's record either way (lifecycle's restoreRecords).
  workerId: change.workerId ?? null,
  payload: await encodePayload(change.payload),
});

/**
 * Imports a backup file made on this or another tablet (format 1 or 2). The whole file is checked first
 * (BackupError for a foreign, newer or damaged file) and then restored through the lifecycle in one transaction,
 * so a failure part-way imports nothing. A record already here at the same or a newer version is kept; waiting
 * changes come with the records they belong to, keeping their changeIds so the server never applies one twice;
 * a record that was being sent comes back waiting.
 */
export async function importBackup(file: Blob): Promise<ImportSummary> {
  const verified = await verifyBackup(await file.text());
  return guarded(async () => {
    const { content, attachmentBytes } = verified;
    const records = await Promise.all(content.records.map(toStoredRecord));
    const changes = await Promise.all(content.outbox.map(toOutboxChange));
    const attachments: StoredAttachment[] = content.attachments.map(({ data: _data, ...info }) => ({
      ...info,
      blob: new Blob([attachmentBytes.get(info.id) as Uint8Array<ArrayBuffer>], { type: info.mediaType }),
    }));
    return restoreRecords({ records, changes, attachments });
  });
}
