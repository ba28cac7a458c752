// The signed-in session the tablet uses: the unlocked worker's (its token is kept encrypted in their key entry,
// db/keyring.ts), so a locked tablet has no session anybody could use.
import { type Session, unlockedSession } from './keyring';

export type { Session };

/** The unlocked worker's session, or undefined while the tablet is locked or they are signed out. */
export const readSession = async (): Promise<Session | undefined> => unlockedSession();
