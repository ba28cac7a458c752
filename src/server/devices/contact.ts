// A tablet's contact: each push and each pull naming a device notes when this worker last reached the server from
// it and, when the tablet says, how many of the worker's records it still holds unsent (the console shows both).
import { sql } from 'drizzle-orm';
import type { Database } from '../db/connect';
import { devices } from '../db/schema';

/** The largest unsent count taken from a tablet; anything else it says is refused as invalid. */
export const PENDING_COUNT_MAX = 1_000_000;

/**
 * Notes this worker's contact from this tablet (the row is made on the first). `pending` undefined: the tablet did
 * not say (an older app, or a push), so the count it last gave stays.
 */
export async function noteDeviceContact(
  db: Database,
  deviceId: string,
  accountId: string,
  pending?: number,
): Promise<void> {
  const now = new Date();
  await db
    .insert(devices)
    .values({ id: deviceId, accountId, lastContactAt: now, pendingCount: pending ?? null })
    .onConflictDoUpdate({
      target: [devices.id, devices.accountId],
      set:
        pending === undefined
          ? { lastContactAt: now }
          : { lastContactAt: now, pendingCount: sql`${pending}::int` },
    });
}
