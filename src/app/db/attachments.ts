// Attachments (photos of paper form pages) kept as Blobs beside their record, with their SHA-256.
import type { RecordType } from '../../shared/records';
import { decodeAttachment } from './codec';
import { database } from './connection';
import type { StoredAttachment } from './database';
import { guarded } from './errors';
import { attachmentOwner, changeAttachments, type Describe } from './lifecycle';

export { sha256Hex } from './hash';

export type AttachmentInfo = Omit<StoredAttachment, 'blob'>;

/**
 * Stores a file for a record, after the record's existing attachments, in one transaction (the record's payload
 * is not changed: a flow that lists its photos in the payload passes `describe`, see db/lifecycle.ts). Offline:
 * works while there is space (StoreError `quota` otherwise). The file reaches the server before its record.
 */
export async function addAttachment<P = unknown>(
  owner: { type: RecordType; id: string },
  blob: Blob,
  name: string,
  describe?: Describe<P>,
): Promise<AttachmentInfo> {
  const { added } = await changeAttachments(owner, { add: { blob, name } }, describe);
  return added as AttachmentInfo;
}

/** A record's attachments in their order, without their bytes. */
export async function listAttachments(recordId: string): Promise<AttachmentInfo[]> {
  return guarded(async () => {
    const rows = await database().attachments.where('recordId').equals(recordId).sortBy('position');
    return rows.map(({ blob: _blob, seal: _seal, ...info }) => info);
  });
}

/** One attachment's bytes as added (opened with the unlocked worker's key), or undefined when not on this tablet. */
export async function readAttachment(id: string): Promise<Blob | undefined> {
  return guarded(async () => {
    const row = await database().attachments.get(id);
    return row ? decodeAttachment(row) : undefined;
  });
}

/**
 * Removes one attachment and renumbers the rest 0..n-1 in one transaction (with the payload's photo list when
 * `describe` is given), so page numbers never have gaps. Offline: the normal case. StoreError `not-found` when it
 * is already gone.
 */
export async function removeAttachment<P = unknown>(id: string, describe?: Describe<P>): Promise<void> {
  await changeAttachments(await attachmentOwner(id), { remove: { id } }, describe);
}

/** Swaps an attachment with its neighbour before ("up") or after ("down"), in one transaction. */
export async function moveAttachment<P = unknown>(
  id: string,
  direction: 'up' | 'down',
  describe?: Describe<P>,
): Promise<void> {
  await changeAttachments(await attachmentOwner(id), { move: { id, direction } }, describe);
}

/** How many attachments a record has and how much space they take. */
export async function attachmentsSize(recordId: string): Promise<{ count: number; bytes: number }> {
  const rows = await listAttachments(recordId);
  return { count: rows.length, bytes: rows.reduce((sum, row) => sum + row.size, 0) };
}
