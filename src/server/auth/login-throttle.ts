// Failed-login limits per username, kept in the database so they hold across instances behind a load balancer.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/connect';
import { loginAttempts } from '../db/schema';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

const keyOf = (username: string) => username.trim().toLowerCase();

/** Seconds until another attempt is allowed, or 0 when attempts are allowed now. */
export async function loginBlockedFor(db: Database, username: string, now = new Date()): Promise<number> {
  const [row] = await db
    .select()
    .from(loginAttempts)
    .where(eq(loginAttempts.usernameKey, keyOf(username)));
  if (!row || row.failures < MAX_FAILED_LOGINS) return 0;
  const until = row.windowStartedAt.getTime() + FAILED_LOGIN_WINDOW_MS;
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** Counts a failure, starting a new window when the last one has ended. One statement, safe under concurrency. */
export async function recordFailedLogin(db: Database, username: string, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - FAILED_LOGIN_WINDOW_MS);
  await db
    .insert(loginAttempts)
    .values({ usernameKey: keyOf(username), windowStartedAt: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginAttempts.usernameKey,
      set: {
        failures: sql`CASE WHEN ${loginAttempts.windowStartedAt} <= ${windowStart} THEN 1 ELSE ${loginAttempts.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${loginAttempts.windowStartedAt} <= ${windowStart} THEN ${now} ELSE ${loginAttempts.windowStartedAt} END`,
      },
    });
}

export async function clearFailedLogins(db: Database, username: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.usernameKey, keyOf(username)));
}
