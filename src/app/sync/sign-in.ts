// Signing in (online: it unlocks the worker's key through the server's recovery key) and out (refused while the
// worker's own records are unsent; optionally removing their sent records from the tablet).
import { getDeviceInfo } from '../db/device';
import { type Session, unlockWithRecoveryKey } from '../db/keyring';
import { countUnsent } from '../db/records';
import { readSession } from '../db/session';
import { endWorkerSession, sealLegacyRecords } from '../db/workers';
import type { ApiClient } from './api-client';

/**
 * Signs in against the server, fetches the server's recovery key for this worker on this tablet and unlocks their
 * data key with it (making one at their first sign-in here). `needsPasscode`: they must now choose a passcode for
 * unlocking offline. Needs a connection; fails with the API's error.
 */
export async function signIn(
  client: ApiClient,
  username: string,
  password: string,
): Promise<{ session: Session; needsPasscode: boolean }> {
  const { deviceId } = await getDeviceInfo();
  const session = await client.login(username, password, deviceId);
  const recoveryKey = await client.recoveryKey(deviceId, session.token);
  const { needsPasscode } = await unlockWithRecoveryKey(session, recoveryKey);
  // Records from before encryption: sealed now that the worker's key is open (a failure waits for the next unlock).
  await sealLegacyRecords().catch(() => 0);
  return { session, needsPasscode };
}

/** How many of `workerId`'s records have not reached the server yet (waiting, being sent, refused or in conflict). */
export const unsentCount = (workerId: string): Promise<number> => countUnsent(workerId);

export type SignOutResult = { signedOut: true; removed: number } | { signedOut: false; unsent: number };

/**
 * Signs out, unless the worker's own records have not reached the server: signing out then is refused, with how
 * many, so the worker can send them first or download a backup. Another worker's unsent records do not stop it:
 * only their worker can send them, after unlocking. `removeSent`: the worker's sent records leave the tablet too.
 * Works offline; locks the tablet.
 */
export async function signOut(
  options: { removeSent: boolean } = { removeSent: false },
): Promise<SignOutResult> {
  const session = await readSession();
  if (!session) return { signedOut: true, removed: 0 };
  const unsent = await unsentCount(session.user.id);
  if (unsent > 0) return { signedOut: false, unsent };
  const { removed } = await endWorkerSession(session.user.id, options);
  return { signedOut: true, removed };
}

export { readSession };
