// Puts a worker on the tablet unlocked (or locks it), as an online sign-in through the server would.
import {
  lock,
  type Session,
  setPasscodeIterationsForTests,
  unlockWithRecoveryKey,
} from '../../../src/app/db/keyring';

/** The PBKDF2 rounds passcodes get in unit tests (the app's 600,000 take a third of a second each). */
export const TEST_PASSCODE_ITERATIONS = 1_000;

export function sessionFor(id: string, username = `user-${id}`): Session {
  return {
    token: `token-${id}`,
    expiresAt: '2099-01-01T00:00:00.000Z',
    user: { id, username, role: 'worker' },
  };
}

/** The recovery key the server would hold for `id` on this tablet: fixed per worker, so sign-ins agree. */
export function recoveryKeyFor(id: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(32);
  for (let index = 0; index < id.length; index++)
    bytes[index % 32] = (bytes[index % 32] ?? 0) ^ id.charCodeAt(index);
  return bytes;
}

/** Signs `id` in on this tablet without a server: their key is made (or recovered) and unlocked. */
export async function signedInAs(id: string, username?: string): Promise<void> {
  setPasscodeIterationsForTests(TEST_PASSCODE_ITERATIONS);
  await unlockWithRecoveryKey(sessionFor(id, username), recoveryKeyFor(id));
}

/** Locks the tablet: nobody's key is in memory. */
export const signedOut = async (): Promise<void> => lock();

/** The worker every unit test starts unlocked as (test/app/setup.ts), unless it signs in as someone else. */
export const DEFAULT_TEST_WORKER = 'worker-test';
