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
import type { OutboxChange, StoredAttachment, StoredRecord } from './database';
import { getDeviceInfo, writeMeta } from './device';
import { guarded } from './errors';
import { changeFor } from './outbox';

export { BackupError } from './backup-format';

export interface BackupFile {
  blob: Blob;
  fileName: string;
  recordCount: number;
  attachmentCount: number;
}

export interface ImportSummary {
  /** Records added, or replaced by a newer copy from the file. */
  imported: number;
  /** Records this tablet already had at the same or a newer version: kept as they were. */
  alreadyHere: number;
  attachmentsImported: number;
}

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
      records: await Promise.all(
        snapshot.records.map(async (record) => ({ ...record, payload: await decodePayload(record.payload) })),
      ),
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

const toStoredRecord = async (record: BackupRecord): Promise<StoredRecord> => ({
  ...record,
  // A push that was in flight when the backup was made may not have landed: send it again (the server
  // recognises a change it already applied by its changeId).
  status: record.status === 'syncing' ? 'ready' : record.status,
  payload: await encodePayload(record.payload),
});

const toOutboxChange = async (change: BackupChange): Promise<OutboxChange> => ({
  ...change,
  payload: await encodePayload(change.payload),
});

/**
 * Imports a backup file made on this or another tablet. The whole file is checked first (BackupError for a
 * foreign, newer or damaged file) and then written in one transaction, so a failure part-way imports nothing.
 * A record already here at the same or a newer version is kept; waiting changes come with the records they
 * belong to, keeping their changeIds so the server never applies one twice.
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
    const db = database();
    return db.transaction('rw', [...db.recordTables, db.outbox, db.attachments], async () => {
      const summary: ImportSummary = { imported: 0, alreadyHere: 0, attachmentsImported: 0 };
      const taken = new Set<string>();
      for (const record of records) {
        const table = db.recordTable(record.type);
        const existing = await table.get(record.id);
        if (existing && existing.version >= record.version) {
          summary.alreadyHere++;
          continue;
        }
        await table.put(record);
        await db.outbox.where('recordId').equals(record.id).delete();
        taken.add(record.id);
        summary.imported++;
      }
      const carried = changes.filter((change) => taken.has(change.recordId));
      await db.outbox.bulkPut(carried);
      // A waiting record whose change was not in the file still has to reach the server.
      const queued = new Set(carried.map((change) => change.recordId));
      for (const record of records) {
        if (taken.has(record.id) && record.status === 'ready' && !queued.has(record.id)) {
          await db.outbox.add(changeFor(record));
        }
      }
      for (const attachment of attachments) {
        if (await db.attachments.get(attachment.id)) continue;
        await db.attachments.add(attachment);
        summary.attachmentsImported++;
      }
      return summary;
    });
  });
}
