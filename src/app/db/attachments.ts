// Attachments (photos of paper form pages) kept as Blobs beside their record, with their SHA-256.

import { newId } from '../../shared/ids';
import type { RecordType } from '../../shared/records';
import { database } from './connection';
import type { StoredAttachment } from './database';
import { guarded, StoreError } from './errors';

export type AttachmentInfo = Omit<StoredAttachment, 'blob'>;

/** Lower-case hex SHA-256 of the bytes, as the server's attachment endpoint names them. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Stores a file for a record, after the record's existing attachments. Offline: works while there is space
 * (StoreError `quota` otherwise). The file reaches the server when its record is pushed, before the record.
 */
export async function addAttachment(
  owner: { type: RecordType; id: string },
  blob: Blob,
  name: string,
): Promise<AttachmentInfo> {
  return guarded(async () => {
    const sha256 = await sha256Hex(await blob.arrayBuffer());
    const db = database();
    return db.transaction('rw', db.attachments, async () => {
      const position = await db.attachments.where('recordId').equals(owner.id).count();
      const stored: StoredAttachment = {
        id: newId(),
        recordId: owner.id,
        recordType: owner.type,
        name,
        mediaType: blob.type || 'application/octet-stream',
        size: blob.size,
        sha256,
        position,
        createdAt: new Date().toISOString(),
        blob,
      };
      await db.attachments.add(stored);
      const { blob: _blob, ...info } = stored;
      return info;
    });
  });
}

/** A record's attachments in their order, without their bytes. */
export async function listAttachments(recordId: string): Promise<AttachmentInfo[]> {
  return guarded(async () => {
    const rows = await database().attachments.where('recordId').equals(recordId).sortBy('position');
    return rows.map(({ blob: _blob, ...info }) => info);
  });
}

/** One attachment's bytes, or undefined when it is not on this tablet. */
export async function readAttachment(id: string): Promise<Blob | undefined> {
  return guarded(async () => (await database().attachments.get(id))?.blob);
}

/**
 * Removes one attachment and renumbers the rest 0..n-1 in one transaction, so page numbers never have gaps.
 * Offline: the normal case. Fails with StoreError `not-found` when it is already gone.
 */
export async function removeAttachment(id: string): Promise<void> {
  await guarded(async () => {
    const db = database();
    await db.transaction('rw', db.attachments, async () => {
      const attachment = await db.attachments.get(id);
      if (!attachment) throw new StoreError('not-found');
      await db.attachments.delete(id);
      const rest = await db.attachments.where('recordId').equals(attachment.recordId).sortBy('position');
      await Promise.all(rest.map((row, position) => db.attachments.update(row.id, { position })));
    });
  });
}

/** Swaps an attachment with its neighbour before ("up") or after ("down"), in one transaction. */
export async function moveAttachment(id: string, direction: 'up' | 'down'): Promise<void> {
  await guarded(async () => {
    const db = database();
    await db.transaction('rw', db.attachments, async () => {
      const attachment = await db.attachments.get(id);
      if (!attachment) throw new StoreError('not-found');
      const rows = await db.attachments.where('recordId').equals(attachment.recordId).sortBy('position');
      const index = rows.findIndex((row) => row.id === id);
      const other = rows[direction === 'up' ? index - 1 : index + 1];
      if (!other) return;
      await db.attachments.update(id, { position: other.position });
      await db.attachments.update(other.id, { position: attachment.position });
    });
  });
}

/** How many attachments a record has and how much space they take. */
export async function attachmentsSize(recordId: string): Promise<{ count: number; bytes: number }> {
  const rows = await listAttachments(recordId);
  return { count: rows.length, bytes: rows.reduce((sum, row) => sum + row.size, 0) };
}
