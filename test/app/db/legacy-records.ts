// Records as schema v3 left them on a tablet: made before anyone signed in (nobody's) and in the clear, for the
// tests of claiming and sealing them.
import { decodePayload } from '../../../src/app/db/codec';
import { database } from '../../../src/app/db/connection';
import type { LocalRecord } from '../../../src/app/db/records';
import { signedInAs } from './signed-in';

/**
 * Turns records made (by any unlocked worker) into records nobody owns with their answers, and their waiting
 * changes, in the clear; then signs `after` in, as the tablet is when the question comes.
 */
export async function madeBeforeEncryption(records: LocalRecord[], after: string): Promise<void> {
  const db = database();
  const ids = new Set(records.map((record) => record.id));
  for (const record of records) {
    const stored = await db.recordTable(record.type).get(record.id);
    if (!stored) continue;
    await db.recordTable(record.type).update(record.id, {
      workerId: null,
      payload: { codec: 'plain-1', body: await decodePayload(stored.payload) },
    });
  }
  for (const change of await db.outbox.toArray()) {
    if (!ids.has(change.recordId)) continue;
    await db.outbox.update(change.changeId, {
      workerId: null,
      payload: { codec: 'plain-1', body: await decodePayload(change.payload) },
    });
  }
  await signedInAs(after);
}
