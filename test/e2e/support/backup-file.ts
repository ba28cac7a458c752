// Makes a real backup file (the app's own format and checksum) holding sign-ups, or grant applications with photos
// of their paper forms, for browser tests.
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import {
  type BackupAttachment,
  type BackupRecord,
  bytesToBase64,
  serializeBackup,
} from '../../../src/app/db/backup-format';
import { newId } from '../../../src/shared/ids';
import type { RecordType } from '../../../src/shared/record-types';
import { signupPayload } from '../../server/support/api';
import { grantPayload } from '../../server/support/console-records';
import type { MadeImage } from './images';

interface BackupOptions {
  status?: 'draft' | 'ready' | 'synced';
  workerId?: string | null;
}

/** One record as a backup file holds it, made now on `deviceId`, in `options.status` (a draft unless given). */
function backupRecord(
  type: RecordType,
  payload: unknown,
  deviceId: string,
  options: BackupOptions,
): BackupRecord {
  const at = new Date().toISOString();
  return {
    id: newId(),
    type,
    status: options.status ?? 'draft',
    createdAt: at,
    updatedAt: at,
    // Made by this worker (signed in when they were made), or before anyone signed in (null).
    workerId: options.workerId ?? null,
    deviceId,
    version: 1,
    // A sent record: the server holds its version 1 and acknowledged it.
    serverVersion: options.status === 'synced' ? 1 : 0,
    ...(options.status === 'synced' ? { acknowledgedAt: at } : {}),
    problem: null,
    payload,
  };
}

export async function backupWithSignups(
  names: string[],
  options: BackupOptions = {},
): Promise<{ text: string; ids: string[] }> {
  const deviceId = newId();
  const records: BackupRecord[] = names.map((firstName) =>
    backupRecord(
      'signup',
      // A draft holds the answers given so far, as the sign-up's pages save them.
      options.status !== undefined && options.status !== 'draft'
        ? signupPayload({ firstName })
        : { answers: { firstName } },
      deviceId,
      options,
    ),
  );
  const text = await serializeBackup(
    { records, outbox: [], attachments: [] },
    { deviceId, exportedAt: new Date().toISOString() },
  );
  return { text, ids: records.map((record) => record.id) };
}

/** A grant application to put in a backup: its organisation's name and the photos of its paper form, in order. */
export interface BackupGrant {
  organisationName: string;
  photos: MadeImage[];
}

const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A backup of finished grant applications (each a valid payload naming its photos by SHA-256) with their photos'
 * bytes, as the backup page writes one. Returns the ids and each application's photo hashes, in order.
 */
export async function backupWithGrants(
  grants: BackupGrant[],
  options: BackupOptions = {},
): Promise<{ text: string; ids: string[]; photoHashes: string[][] }> {
  const deviceId = newId();
  const records: BackupRecord[] = [];
  const attachments: BackupAttachment[] = [];
  const photoHashes: string[][] = [];
  for (const grant of grants) {
    const hashes = grant.photos.map((photo) => sha256Hex(photo.buffer));
    const record = backupRecord(
      'grant-application',
      {
        ...grantPayload({ organisationName: grant.organisationName }),
        attachments: hashes.map((sha256) => ({ sha256 })),
      },
      deviceId,
      options,
    );
    records.push(record);
    photoHashes.push(hashes);
    grant.photos.forEach((photo, position) => {
      attachments.push({
        id: newId(),
        recordId: record.id,
        recordType: 'grant-application',
        name: photo.name,
        mediaType: photo.mimeType,
        size: photo.buffer.length,
        sha256: hashes[position] as string,
        position,
        createdAt: record.createdAt,
        data: bytesToBase64(new Uint8Array(photo.buffer)),
      });
    });
  }
  const text = await serializeBackup(
    { records, outbox: [], attachments },
    { deviceId, exportedAt: new Date().toISOString() },
  );
  return { text, ids: records.map((record) => record.id), photoHashes };
}

/** On the backup screen: chooses a backup file with this text, restores it, and returns the summary shown. */
export async function restoreOnBackupScreen(
  page: Page,
  text: string,
  timeout = 30_000,
): Promise<string | null> {
  await page
    .getByLabel('Backup file')
    .setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Restore backup' }).click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout });
  return summary.textContent();
}
