// Account management: create, disable, enable, reset password, list with devices, and the bootstrap coordinator for an empty database.
import { asc, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { AccountRoleSchema, PasswordSchema, UsernameSchema } from '../../shared/account-rules';
import type { Role } from '../../shared/api';
import type { AccountSummary } from '../../shared/console';
import { newId } from '../../shared/ids';
import type { Database } from '../db/connect';
import { accounts, devices } from '../db/schema';
import { hashPassword } from './passwords';
import { revokeAllTokens } from './tokens';

export { MIN_PASSWORD_LENGTH } from '../../shared/account-rules';

export type AccountErrorCode = 'invalid-request' | 'account-exists' | 'account-not-found';

/** A refused account operation: nothing was changed. The message is for a person (console, CLI, server log). */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Parses with the shared rules; the first issue becomes the error's message. */
function checked<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) {
    throw new AccountError('invalid-request', `${what}: ${parsed.issues[0]?.message ?? 'not valid'}.`);
  }
  return parsed.output;
}

export interface AccountInfo {
  id: string;
  username: string;
  role: Role;
}

export async function createAccount(
  db: Database,
  input: { username: string; password: string; role: Role },
): Promise<AccountInfo> {
  const username = checked(UsernameSchema, input.username, 'Username');
  const password = checked(PasswordSchema, input.password, 'Password');
  const role = checked(AccountRoleSchema, input.role, 'Role');
  const id = newId();
  // One statement decides, so two creations of the same name at once make one account and one refusal.
  const inserted = await db
    .insert(accounts)
    .values({ id, username, passwordHash: await hashPassword(password), role })
    .onConflictDoNothing({ target: accounts.username })
    .returning({ id: accounts.id });
  if (inserted.length === 0) {
    throw new AccountError('account-exists', `There is already an account called ${username}.`);
  }
  return { id, username, role };
}

/** An account named by its id (the API) or its username (the CLI; a plain string is a username). */
export type AccountRef = { id: string } | { username: string } | string;

async function findAccount(db: Database, given: AccountRef) {
  const ref = typeof given === 'string' ? { username: given } : given;
  const [row] =
    'id' in ref
      ? // A malformed id names no account (and must not reach PostgreSQL's uuid parser).
        /^[0-9a-f-]{36}$/i.test(ref.id)
        ? await db.select().from(accounts).where(eq(accounts.id, ref.id))
        : []
      : await db.select().from(accounts).where(eq(accounts.username, ref.username));
  if (!row) {
    throw new AccountError(
      'account-not-found',
      'id' in ref ? 'There is no such account.' : `There is no account called ${ref.username}.`,
    );
  }
  return row;
}

/** What an operation did: `changed` false when the account was already so (nothing was written). */
export interface AccountChange {
  account: AccountInfo;
  changed: boolean;
}

const info = (row: { id: string; username: string; role: Role }): AccountInfo => ({
  id: row.id,
  username: row.username,
  role: row.role,
});

/** Disables an account and revokes its tokens at once (one transaction); its records stay. */
export async function disableAccount(db: Database, ref: AccountRef): Promise<AccountChange> {
  const row = await findAccount(db, ref);
  if (row.disabledAt) return { account: info(row), changed: false };
  await db.transaction(async (tx) => {
    const now = new Date();
    await tx.update(accounts).set({ disabledAt: now }).where(eq(accounts.id, row.id));
    await revokeAllTokens(tx as unknown as Database, row.id, now);
  });
  return { account: info(row), changed: true };
}

/**
 * Enables a disabled account again; the tokens the disabling revoked stay revoked, so the worker signs in afresh.
 * A tablet that was told to wipe the worker's data stops being told (pull lists only disabled accounts).
 */
export async function enableAccount(db: Database, ref: AccountRef): Promise<AccountChange> {
  const row = await findAccount(db, ref);
  if (!row.disabledAt) return { account: info(row), changed: false };
  await db.update(accounts).set({ disabledAt: null }).where(eq(accounts.id, row.id));
  return { account: info(row), changed: true };
}

/** Sets a new password, re-enables the account, and revokes every token issued under the old one. */
export async function resetPassword(db: Database, ref: AccountRef, password: string): Promise<AccountChange> {
  const valid = checked(PasswordSchema, password, 'Password');
  const row = await findAccount(db, ref);
  const passwordHash = await hashPassword(valid);
  await db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash, disabledAt: null }).where(eq(accounts.id, row.id));
    await revokeAllTokens(tx as unknown as Database, row.id);
  });
  return { account: info(row), changed: true };
}

/** Every account (or the one with `onlyId`), by username, with the tablets it synced from (latest contact first). */
export async function listAccounts(db: Database, onlyId?: string): Promise<AccountSummary[]> {
  const rows = await db
    .select()
    .from(accounts)
    .where(onlyId === undefined ? undefined : eq(accounts.id, onlyId))
    .orderBy(asc(accounts.username));
  const deviceRows = await db
    .select()
    .from(devices)
    .where(onlyId === undefined ? undefined : eq(devices.accountId, onlyId));
  const byAccount = new Map<string, (typeof deviceRows)[number][]>();
  for (const device of deviceRows) {
    const list = byAccount.get(device.accountId) ?? [];
    list.push(device);
    byAccount.set(device.accountId, list);
  }
  const contact = (device: (typeof deviceRows)[number]) =>
    (device.lastContactAt ?? device.firstSeenAt).getTime();
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    disabledAt: row.disabledAt?.toISOString() ?? null,
    devices: (byAccount.get(row.id) ?? [])
      .sort((a, b) => contact(b) - contact(a))
      .map((device) => ({
        deviceId: device.id,
        firstSeenAt: device.firstSeenAt.toISOString(),
        lastContactAt: device.lastContactAt?.toISOString() ?? null,
        pendingCount: device.pendingCount,
      })),
  }));
}

/**
 * ANCHOR_BOOTSTRAP_ADMIN="username:password": creates that coordinator when the database has no account at all.
 * Returns what it did; does nothing once any account exists (so a deployment whose setting predates today's rules
 * still starts). A spec without a colon, or one the rules refuse on an empty database, throws AccountError.
 */
export async function bootstrapAdmin(db: Database, spec: string | undefined): Promise<'created' | 'skipped'> {
  if (!spec) return 'skipped';
  const colon = spec.indexOf(':');
  if (colon < 1) {
    throw new AccountError('invalid-request', 'ANCHOR_BOOTSTRAP_ADMIN must be "username:password".');
  }
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(accounts);
  if (Number(count) > 0) return 'skipped';
  const username = spec.slice(0, colon);
  const password = spec.slice(colon + 1);
  checked(UsernameSchema, username, 'ANCHOR_BOOTSTRAP_ADMIN username');
  checked(PasswordSchema, password, 'ANCHOR_BOOTSTRAP_ADMIN password');
  await createAccount(db, { username, password, role: 'coordinator' });
  return 'created';
}
