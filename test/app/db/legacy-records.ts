// Records as schema v3 left them on a tablet: made before anyone signed in (nobody's) and in the clear, for the
// tests of claiming and sealing them.
import { database } from '../../../src/app/db/connection';
import type { LocalRecord } from '../../../src/app/db/records';
import { signedInAs } from './signed-in';

/**
 * Turns records made (by any unlocked worker) into records nobody owns with their answers, and their waiting
 * changes, in the clear; then signs `after` in, as the tablet is when the question comes.
 */
export async function madeBeforeEncryption(records: LocalRecord[], after: string): Promise<void> {
  const db = database();
  // The answers in the clear are the records' own (as given), never decoded with whichever key is unlocked now:
  // a test's unlocked worker must not decide what an old tablet held.
  const answers = new Map(records.map((record) => [record.id, record.payload]));
  for (const record of records) {
    await db.recordTable(record.type).update(record.id, {
      workerId: null,
      payload: { codec: 'plain-1', body: record.payload },
    });
  }
  for (const change of await db.outbox.toArray()) {
    if (!answers.has(change.recordId)) continue;
    await db.outbox.update(change.changeId, {
      workerId: null,
      payload: { codec: 'plain-1', body: answers.get(change.recordId) },
    });
  }
  await signedInAs(after);
}
