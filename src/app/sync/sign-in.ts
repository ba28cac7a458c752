// Signing in (online, once per session) and out (refused while the worker's own records are unsent).

import { getDeviceInfo } from '../db/device';
import { countUnsent } from '../db/records';
import { clearSession, readSession, type Session, saveSession } from '../db/session';
import type { ApiClient } from './api-client';

/** Signs in against the server and keeps the session on the tablet. Needs a connection; fails with the API's error. */
export async function signIn(client: ApiClient, username: string, password: string): Promise<Session> {
  const session = await client.login(username, password, (await getDeviceInfo()).deviceId);
  await saveSession(session);
  return session;
}

/** How many of `workerId`'s records have not reached the server yet (waiting, being sent, refused or in conflict). */
export const unsentCount = (workerId: string): Promise<number> => countUnsent(workerId);

export type SignOutResult = { signedOut: true } | { signedOut: false; unsent: number };

/**
 * Signs out, unless the worker's own records have not reached the server: signing out then is refused, with how
 * many, so the worker can send them first or download a backup. Another worker's unsent records do not stop it:
 * only their worker can send them, after signing in on this tablet. Works offline.
 */
export async function signOut(): Promise<SignOutResult> {
  const session = await readSession();
  const unsent = session ? await unsentCount(session.user.id) : 0;
  if (unsent > 0) return { signedOut: false, unsent };
  await clearSession();
  return { signedOut: true };
}

export { readSession };
