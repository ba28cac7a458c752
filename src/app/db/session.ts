// The signed-in session kept on the tablet: the bearer token and who it belongs to, in the meta table.
import type { LoginResponse } from '../../shared/api';
import { database } from './connection';
import type { AnchorDatabase } from './database';
import { readMeta, writeMeta } from './device';
import { guarded } from './errors';

export type Session = LoginResponse;

const KEY = 'session';

/** Keeps the session for its life: working offline with a valid session is normal. */
export const saveSession = (session: Session): Promise<void> => writeMeta(KEY, session);

export const readSession = (): Promise<Session | undefined> => readMeta<Session>(KEY);

export async function clearSession(): Promise<void> {
  await guarded(() => database().meta.delete(KEY));
}

/**
 * The id of the worker signed in on this tablet, or null. Reads the session row directly so it can run inside a
 * transaction over db.meta (creating a record stamps its worker this way).
 */
export async function signedInWorkerId(db: AnchorDatabase): Promise<string | null> {
  const row = await db.meta.get(KEY);
  return (row?.value as Session | undefined)?.user.id ?? null;
}
