// Bearer tokens: random, returned once, stored only as a SHA-256 hash, with an expiry and device binding; revocable.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Role } from '../../shared/api';
import type { Database } from '../db/connect';
import { accounts, sessions } from '../db/schema';

export const DEFAULT_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** The device this token was issued to (the login's deviceId), or null: a token from an older tablet is not bound. */
  tokenDeviceId: string | null;
  /** True only on routes guarded with `allowDisabled` (see checkToken): the account has been disabled. */
  disabled: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueToken(
  db: Database,
  accountId: string,
  ttlMs: number = DEFAULT_TOKEN_TTL_MS,
  now = new Date(),
  deviceId: string | null = null,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db
    .insert(sessions)
    .values({ tokenHash: hashToken(token), accountId, createdAt: now, expiresAt, deviceId });
  return { token, expiresAt };
}

export type TokenCheck =
  | { ok: true; actor: Actor }
  | { ok: false; reason: 'invalid-token' | 'token-expired' | 'account-disabled' };

export interface TokenCheckOptions {
  /**
   * Accept a token of a disabled account (the actor then has `disabled: true`) if it was live when the account was
   * disabled (revoked by the disabling, or not at all) and has not expired. Only for the routes a disabled
   * worker's tablet still has to reach (reporting the wipe of that worker's data).
   */
  allowDisabled?: boolean;
}

/**
 * Who a token belongs to. Unknown, or revoked while its account was active: `invalid-token`. Its account is
 * disabled (and the token was live then, so disableAccount's own revocation does not hide it): `account-disabled`,
 * unless `allowDisabled`. Past its expiry: `token-expired`.
 */
export async function checkToken(
  db: Database,
  token: string,
  now = new Date(),
  options: TokenCheckOptions = {},
): Promise<TokenCheck> {
  const [row] = await db
    .select({
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      tokenDeviceId: sessions.deviceId,
      id: accounts.id,
      username: accounts.username,
      role: accounts.role,
      disabledAt: accounts.disabledAt,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return { ok: false, reason: 'invalid-token' };
  const { disabledAt, revokedAt } = row;
  // A token revoked before its account was disabled (a logout, a password reset) stays merely revoked.
  if (revokedAt && (!disabledAt || revokedAt.getTime() < disabledAt.getTime())) {
    return { ok: false, reason: 'invalid-token' };
  }
  if (disabledAt && !options.allowDisabled) return { ok: false, reason: 'account-disabled' };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'token-expired' };
  return {
    ok: true,
    actor: {
      id: row.id,
      username: row.username,
      role: row.role,
      tokenDeviceId: row.tokenDeviceId,
      disabled: disabledAt !== null,
    },
  };
}

export async function revokeToken(db: Database, token: string, now = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)));
}

export async function revokeAllTokens(db: Database, accountId: string, now = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)));
}
