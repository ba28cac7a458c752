// The signed-in session kept on the tablet: the bearer token and who it belongs to, in the meta table.
import type { LoginResponse } from '../../shared/api';
import { database } from './connection';
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
