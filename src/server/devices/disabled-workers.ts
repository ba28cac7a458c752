// Disabled workers on a tablet: their recovery keys, their wipe reports, and which of them a tablet still has to wipe.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, isNotNull, notExists } from 'drizzle-orm';
import { newId } from '../../shared/ids';
import type { Database } from '../db/connect';
import { accounts, deviceRecoveryKeys, devices, deviceWipes } from '../db/schema';

export const RECOVERY_KEY_BYTES = 32;

/** The account's recovery key for the device: made on the first ask (concurrent first asks agree), then the same. */
export async function recoveryKey(db: Database, accountId: string, deviceId: string): Promise<Uint8Array> {
  await db
    .insert(deviceRecoveryKeys)
    .values({ accountId, deviceId, recoveryKey: randomBytes(RECOVERY_KEY_BYTES) })
    .onConflictDoNothing();
  const [row] = await db
    .select({ key: deviceRecoveryKeys.recoveryKey })
    .from(deviceRecoveryKeys)
    .where(and(eq(deviceRecoveryKeys.accountId, accountId), eq(deviceRecoveryKeys.deviceId, deviceId)));
  if (!row) throw new Error('recovery key missing after insert');
  return row.key;
}

/** Whether the account has synced from the device, and whether it is disabled; null if it never synced there. */
export async function workerOnDevice(
  db: Database,
  deviceId: string,
  accountId: string,
): Promise<{ disabled: boolean } | null> {
  const [row] = await db
    .select({ disabledAt: accounts.disabledAt })
    .from(devices)
    .innerJoin(accounts, eq(accounts.id, devices.accountId))
    .where(and(eq(devices.id, deviceId), eq(devices.accountId, accountId)));
  return row ? { disabled: row.disabledAt !== null } : null;
}

export async function recordWipe(
  db: Database,
  report: { deviceId: string; accountId: string; reportedBy: string; kept: number; removed: number },
): Promise<void> {
  await db.insert(deviceWipes).values({ id: newId(), ...report });
}

/**
 * Disabled accounts that have synced from the device and have no wipe report for it since they were disabled
 * (a report from before a later re-disabling does not count), by id.
 */
export async function disabledWorkersOn(db: Database, deviceId: string): Promise<string[]> {
  const rows = await db
    .select({ id: accounts.id })
    .from(devices)
    .innerJoin(accounts, eq(accounts.id, devices.accountId))
    .where(
      and(
        eq(devices.id, deviceId),
        isNotNull(accounts.disabledAt),
        notExists(
          db
            .select({ id: deviceWipes.id })
            .from(deviceWipes)
            .where(
              and(
                eq(deviceWipes.deviceId, devices.id),
                eq(deviceWipes.accountId, devices.accountId),
                gte(deviceWipes.reportedAt, accounts.disabledAt),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(accounts.id));
  return rows.map((row) => row.id);
}
