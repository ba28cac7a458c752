// Account management: create, disable, enable, reset password, and the bootstrap coordinator for an empty database.
import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../shared/api';
import { newId } from '../../shared/ids';
import type { Database } from '../db/connect';
import { accounts } from '../db/schema';
import { hashPassword } from './passwords';
import { revokeAllTokens } from './tokens';

export const MIN_PASSWORD_LENGTH = 12;

export class AccountError extends Error {}

function checkNew(username: string, password: string) {
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/i.test(username)) {
    throw new AccountError('Usernames are 2-64 letters, digits, dots, hyphens or underscores.');
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AccountError(`Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

export async function createAccount(
  db: Database,
  input: { username: string; password: string; role: Role },
): Promise<{ id: string; username: string; role: Role }> {
  checkNew(input.username, input.password);
  const [existing] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.username, input.username));
  if (existing) throw new AccountError(`There is already an account called ${input.username}.`);
  const id = newId();
  await db.insert(accounts).values({
    id,
    username: input.username,
    passwordHash: await hashPassword(input.password),
    role: input.role,
  });
  return { id, username: input.username, role: input.role };
}

async function accountId(db: Database, username: string): Promise<string> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username));
  if (!row) throw new AccountError(`There is no account called ${username}.`);
  return row.id;
}

/** Disables an account and revokes its tokens at once; its records stay. */
export async function disableAccount(db: Database, username: string): Promise<void> {
  const id = await accountId(db, username);
  await db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, id));
  await revokeAllTokens(db, id);
}

/**
 * Enables a disabled account again; the tokens the disabling revoked stay revoked, so the worker signs in afresh.
 * A tablet that was told to wipe the worker's data stops being told (pull lists only disabled accounts).
 */
export async function enableAccount(db: Database, username: string): Promise<void> {
  const id = await accountId(db, username);
  await db.update(accounts).set({ disabledAt: null }).where(eq(accounts.id, id));
}

/** Sets a new password, re-enables the account, and revokes every token issued under the old one. */
export async function resetPassword(db: Database, username: string, password: string): Promise<void> {
  checkNew(username, password);
  const id = await accountId(db, username);
  await db
    .update(accounts)
    .set({ passwordHash: await hashPassword(password), disabledAt: null })
    .where(eq(accounts.id, id));
  await revokeAllTokens(db, id);
}

/**
 * ANCHOR_BOOTSTRAP_ADMIN="username:password": creates that coordinator when the database has no account at all.
 * Returns what it did; does nothing once any account exists.
 */
export async function bootstrapAdmin(db: Database, spec: string | undefined): Promise<'created' | 'skipped'> {
  if (!spec) return 'skipped';
  const colon = spec.indexOf(':');
  if (colon < 1) throw new AccountError('ANCHOR_BOOTSTRAP_ADMIN must be "username:password".');
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(accounts);
  if (Number(count) > 0) return 'skipped';
  await createAccount(db, {
    username: spec.slice(0, colon),
    password: spec.slice(colon + 1),
    role: 'coordinator',
  });
  return 'created';
}
