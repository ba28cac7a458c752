// POST /auth/login (username, password, optional deviceId: a bearer token bound to that device), POST /auth/logout.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { LoginRequestSchema, type LoginResponse } from '../../shared/api';
import { clearFailedLogins, loginBlockedFor, recordFailedLogin } from '../auth/login-throttle';
import { ACCOUNT_DISABLED_MESSAGE, requireToken } from '../auth/middleware';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/passwords';
import { issueToken, revokeToken } from '../auth/tokens';
import { accounts } from '../db/schema';
import { clientAddress } from '../http/client-address';
import type { AppEnv } from '../http/env';
import { ApiError, readJson } from '../http/errors';

export function authRoutes(options: { tokenTtlMs: number }) {
  const routes = new Hono<AppEnv>();

  routes.post('/login', async (c) => {
    const db = c.get('db');
    const { username, password, deviceId } = await readJson(c, LoginRequestSchema);
    const source = { username, address: clientAddress(c) };
    const retryAfter = await loginBlockedFor(db, source);
    if (retryAfter > 0) {
      c.header('Retry-After', String(retryAfter));
      throw new ApiError(
        429,
        'too-many-attempts',
        'Too many failed sign-ins. Wait a few minutes, then try again.',
        {
          retryAfterSeconds: retryAfter,
        },
      );
    }
    const [account] = await db.select().from(accounts).where(eq(accounts.username, username));
    const valid = await verifyPassword(password, account?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!account || !valid) {
      await recordFailedLogin(db, source);
      throw new ApiError(401, 'invalid-credentials', 'The username or password is not right.');
    }
    // Only with the right password: a wrong one never tells whether the account exists or is disabled.
    if (account.disabledAt) throw new ApiError(403, 'account-disabled', ACCOUNT_DISABLED_MESSAGE);
    await clearFailedLogins(db, username);
    const { token, expiresAt } = await issueToken(
      db,
      account.id,
      options.tokenTtlMs,
      new Date(),
      deviceId ?? null,
    );
    const body: LoginResponse = {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { id: account.id, username: account.username, role: account.role },
    };
    return c.json(body);
  });

  routes.post('/logout', requireToken, async (c) => {
    const token = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
    await revokeToken(c.get('db'), token);
    return c.body(null, 204);
  });

  return routes;
}
