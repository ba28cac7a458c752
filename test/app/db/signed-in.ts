// Puts a worker's session on the tablet (or takes it away), as signing in and out through the server would.
import { clearSession, type Session, saveSession } from '../../../src/app/db/session';

export function sessionFor(id: string, username = `user-${id}`): Session {
  return {
    token: `token-${id}`,
    expiresAt: '2099-01-01T00:00:00.000Z',
    user: { id, username, role: 'worker' },
  };
}

/** Signs `id` in on this tablet without a server (the session as a successful sign-in stores it). */
export const signedInAs = (id: string, username?: string): Promise<void> =>
  saveSession(sessionFor(id, username));

export const signedOut = (): Promise<void> => clearSession();
