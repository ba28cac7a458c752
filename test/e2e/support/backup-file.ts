// Makes a real backup file (the app's own format and checksum) holding sign-up records, for browser tests.

import { type BackupRecord, serializeBackup } from '../../../src/app/db/backup-format';
import { newId } from '../../../src/shared/ids';
import { signupPayload } from '../../server/support/api';

export async function backupWithSignups(
  names: string[],
  options: { status?: 'draft' | 'ready' } = {},
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
      workerId: null,
      deviceId,
      version: 1,
      serverVersion: 0,
      problem: null,
      payload: options.status === 'ready' ? signupPayload({ firstName }) : { firstName },
    };
  });
  const text = await serializeBackup(
    { records, outbox: [], attachments: [] },
    { deviceId, exportedAt: new Date().toISOString() },
  );
  return { text, ids: records.map((record) => record.id) };
}
