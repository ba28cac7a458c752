// Makes a real backup file (the app's own format and checksum) holding sign-up records, for browser tests.

import type { Page } from 'playwright-core';
import { type BackupRecord, serializeBackup } from '../../../src/app/db/backup-format';
import { newId } from '../../../src/shared/ids';
import { signupPayload } from '../../server/support/api';

export async function backupWithSignups(
  names: string[],
  options: { status?: 'draft' | 'ready' | 'synced'; workerId?: string | null } = {},
): Promise<{ text: string; ids: string[] }> {
  const deviceId = newId();
  const records: BackupRecord[] = names.map((firstName) => {
    const at = new Date().toISOString();
    return {
      id: newId(),
      type: 'signup',
      status: options.status ?? 'draft',
      createdAt: at,
      updatedAt: at,
      // Made by this worker (signed in when they were made), or before anyone signed in (null).
      workerId: options.workerId ?? null,
      deviceId,
      version: 1,
      // A sent sign-up: the server holds its version 1 and acknowledged it.
      serverVersion: options.status === 'synced' ? 1 : 0,
      ...(options.status === 'synced' ? { acknowledgedAt: at } : {}),
      problem: null,
      // A draft holds the answers given so far, as the sign-up's pages save them.
      payload:
        options.status !== undefined && options.status !== 'draft'
          ? signupPayload({ firstName })
          : { answers: { firstName } },
    };
  });
  const text = await serializeBackup(
    { records, outbox: [], attachments: [] },
    { deviceId, exportedAt: new Date().toISOString() },
  );
  return { text, ids: records.map((record) => record.id) };
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
