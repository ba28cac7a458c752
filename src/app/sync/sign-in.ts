// Signing in (online, once per session) and out (refused while anything on the tablet is unsent).

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

/** How many records have not reached the server yet (waiting, being sent, refused or in conflict). */
export const unsentCount = (): Promise<number> => countUnsent();

export type SignOutResult = { signedOut: true } | { signedOut: false; unsent: number };

/**
 * Signs out, unless records have not reached the server: signing out then is refused, with how many, so the
 * worker can send them first or download a backup. Works offline.
 */
export async function signOut(): Promise<SignOutResult> {
  const unsent = await unsentCount();
  if (unsent > 0) return { signedOut: false, unsent };
  await clearSession();
  return { signedOut: true };
}

export { readSession };
