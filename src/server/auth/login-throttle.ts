// Failed-login limits per username and per client address, in the database so they hold across instances.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/connect';
import { loginAddressAttempts, loginAttempts } from '../db/schema';
import { addressKey } from '../http/client-address';

/** Failures per username in a window; then even the right password waits until the window ends. */
export const MAX_FAILED_LOGINS = 5;
/**
 * Failures per client address in a window, across usernames. Higher than per username: a hub's tablets share one
 * address, and one worker's typos must not lock out the rest; still low enough to stop guessing across accounts.
 */
export const MAX_FAILED_LOGINS_PER_ADDRESS = 30;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Who is signing in: the username typed, and the client address (null when unknown: not limited by address). */
export interface LoginSource {
  username: string;
  address: string | null;
}

const keyOf = (username: string) => username.trim().toLowerCase();

function secondsLeft(row: { windowStartedAt: Date; failures: number } | undefined, limit: number, now: Date) {
  if (!row || row.failures < limit) return 0;
  const until = row.windowStartedAt.getTime() + FAILED_LOGIN_WINDOW_MS;
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/**
 * Seconds until another attempt is allowed, or 0 when attempts are allowed now: the longer wait of the username's
 * and the address's limits. The same whether or not the username exists.
 */
export async function loginBlockedFor(db: Database, source: LoginSource, now = new Date()): Promise<number> {
  const [byUsername] = await db
    .select()
    .from(loginAttempts)
    .where(eq(loginAttempts.usernameKey, keyOf(source.username)));
  let wait = secondsLeft(byUsername, MAX_FAILED_LOGINS, now);
  if (source.address !== null) {
    const [byAddress] = await db
      .select()
      .from(loginAddressAttempts)
      .where(eq(loginAddressAttempts.addressKey, addressKey(source.address)));
    wait = Math.max(wait, secondsLeft(byAddress, MAX_FAILED_LOGINS_PER_ADDRESS, now));
  }
  return wait;
}

/**
 * Counts a failure against the username and the address, each starting a new window when its last one has ended.
 * One statement per counter, safe under concurrency.
 */
export async function recordFailedLogin(db: Database, source: LoginSource, now = new Date()): Promise<void> {
  await db
    .insert(loginAttempts)
    .values({ usernameKey: keyOf(source.username), windowStartedAt: now, failures: 1 })
    .onConflictDoUpdate({ target: loginAttempts.usernameKey, set: countedInWindow(loginAttempts, now) });
  if (source.address === null) return;
  await db
    .insert(loginAddressAttempts)
    .values({ addressKey: addressKey(source.address), windowStartedAt: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginAddressAttempts.addressKey,
      set: countedInWindow(loginAddressAttempts, now),
    });
}

/** One more failure in a counter's window, or the first of a new window when its last one has ended. */
function countedInWindow(counter: typeof loginAttempts | typeof loginAddressAttempts, now: Date) {
  const windowStart = new Date(now.getTime() - FAILED_LOGIN_WINDOW_MS);
  const ended = sql`${counter.windowStartedAt} <= ${windowStart}`;
  return {
    failures: sql`CASE WHEN ${ended} THEN 1 ELSE ${counter.failures} + 1 END`,
    windowStartedAt: sql`CASE WHEN ${ended} THEN ${now} ELSE ${counter.windowStartedAt} END`,
  };
}

/** After a successful login: clears the username's counter only. The address's stays, so one good password among
 * many guesses from an address does not reset its limit. */
export async function clearFailedLogins(db: Database, username: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.usernameKey, keyOf(username)));
}
