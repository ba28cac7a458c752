// Sign-in and tokens: login, throttling, device-bound tokens, missing/wrong/expired/revoked tokens, roles, bootstrap.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin, createAccount, disableAccount, resetPassword } from '../../src/server/auth/accounts';
import { MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ADDRESS } from '../../src/server/auth/login-throttle';
import { issueToken } from '../../src/server/auth/tokens';
import {
  accounts,
  devices,
  loginAddressAttempts,
  loginAttempts,
  records,
  sessions,
} from '../../src/server/db/schema';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

describe.each(databaseKinds())('auth on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
  });
  afterAll(() => database.close());

  const login = (username: string, password: string) =>
    api.call('/api/v1/auth/login', { json: { username, password } });
  const pull = (token?: string, headers: Record<string, string> = {}, query = '') =>
    api.call(`/api/v1/sync/pull${query}`, token ? { token, headers } : { headers });

  it('signs in with the right password and returns a token that works, stored only as a hash', async () => {
    await createAccount(database.db, { username: 'ada', password: 'correct horse battery', role: 'worker' });
    const response = await login('ada', 'correct horse battery');
    expect(response.status).toBe(200);
    expect(response.json.user).toMatchObject({ username: 'ada', role: 'worker' });
    expect(response.json.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(response.json.expiresAt)).toBeGreaterThan(Date.now());
    expect((await pull(response.json.token)).status).toBe(200);
    const hashes = (await database.db.select().from(sessions)).map((row) => row.tokenHash);
    expect(hashes).not.toContain(response.json.token);
    expect(hashes.every((hash) => /^[0-9a-f]{64}$/.test(hash))).toBe(true);
  });

  it('refuses a wrong password and an unknown username alike', async () => {
    await createAccount(database.db, {
      username: 'grace',
      password: 'correct horse battery',
      role: 'worker',
    });
    const wrong = await login('grace', 'not the password');
    const unknown = await login('nobody-here', 'whatever password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.code).toBe('invalid-credentials');
  });

  it('answers an empty login with 400 and where', async () => {
    const response = await login('', '');
    expect(response.status).toBe(400);
    expect(response.json.error.details.map((d: { path: string }) => d.path)).toEqual([
      'username',
      'password',
    ]);
  });

  it(`limits failed logins: after ${MAX_FAILED_LOGINS} failures even the right password waits`, async () => {
    await createAccount(database.db, { username: 'mary', password: 'correct horse battery', role: 'worker' });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await login('mary', 'guess')).status).toBe(401);
    const blocked = await login('mary', 'correct horse battery');
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('too-many-attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  describe('login limits per client address, through a real socket', () => {
    let server: ServerType;
    let port = 0;
    beforeAll(async () => {
      server = serve({ fetch: api.app.fetch, hostname: '127.0.0.1', port: 0 });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    /** A login sent from `localAddress` (any 127.x.y.z is this machine's loopback on Linux). */
    const loginFrom = (localAddress: string, username: string, password: string) =>
      new Promise<{ status: number; retryAfter: string | undefined; code: string | undefined }>(
        (resolve, reject) => {
          const request = http.request(
            {
              host: '127.0.0.1',
              port,
              localAddress,
              method: 'POST',
              path: '/api/v1/auth/login',
              headers: { 'content-type': 'application/json' },
              agent: false,
            },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => {
                text += chunk.toString();
              });
              response.on('end', () =>
                resolve({
                  status: response.statusCode ?? 0,
                  retryAfter: response.headers['retry-after'] as string | undefined,
                  code: text ? JSON.parse(text).error?.code : undefined,
                }),
              );
            },
          );
          request.on('error', reject);
          request.end(JSON.stringify({ username, password }));
        },
      );
    const addressFailures = async (address: string) => {
      const [row] = await database.db
        .select()
        .from(loginAddressAttempts)
        .where(eq(loginAddressAttempts.addressKey, address));
      return row?.failures ?? 0;
    };

    it(`answers 429 from an address after ${MAX_FAILED_LOGINS_PER_ADDRESS} failures across usernames, while another address signs in`, async () => {
      const target = await makeUser(database.db);
      for (let i = 0; i < MAX_FAILED_LOGINS_PER_ADDRESS; i++) {
        // Many usernames, none failing often enough to hit its own limit; some exist, most do not.
        const username = i % 10 === 0 ? (await makeUser(database.db)).username : `guess-${i}-${kind}`;
        const failed = await loginFrom('127.0.0.3', username, 'not the password');
        expect(failed).toMatchObject({ status: 401, code: 'invalid-credentials' });
      }
      expect(await addressFailures('127.0.0.3')).toBe(MAX_FAILED_LOGINS_PER_ADDRESS);

      const blocked = await loginFrom('127.0.0.3', target.username, 'correct horse battery');
      expect(blocked).toMatchObject({ status: 429, code: 'too-many-attempts' });
      expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
      // An unknown username from that address is answered the same: nothing tells whether a username exists.
      const unknown = await loginFrom('127.0.0.3', `nobody-${kind}`, 'correct horse battery');
      expect(unknown).toMatchObject({ status: 429, code: 'too-many-attempts' });

      const elsewhere = await loginFrom('127.0.0.4', target.username, 'correct horse battery');
      expect(elsewhere).toMatchObject({ status: 200 });
    });

    it('clears the username’s failures on a successful login, but not the address’s', async () => {
      const user = await makeUser(database.db);
      for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
        expect((await loginFrom('127.0.0.5', user.username, 'guess')).status).toBe(401);
      }
      expect((await loginFrom('127.0.0.5', user.username, 'correct horse battery')).status).toBe(200);
      const byUsername = await database.db
        .select()
        .from(loginAttempts)
        .where(eq(loginAttempts.usernameKey, user.username.toLowerCase()));
      expect(byUsername).toEqual([]);
      expect(await addressFailures('127.0.0.5')).toBe(MAX_FAILED_LOGINS - 1);
    });
  });

  describe('tokens bound to the device that signed in', () => {
    const push = (token: string, deviceId: string, changes: unknown[]) =>
      api.call('/api/v1/sync/push', { token, json: pushBody(deviceId, changes) });
    const stored = async (recordId: unknown) =>
      (
        await database.db
          .select()
          .from(records)
          .where(eq(records.id, recordId as string))
      ).length;

    it('refuses a push naming another device with 403 token-for-another-device, and applies it on its own', async () => {
      const user = await makeUser(database.db);
      const [tabletA, tabletB] = [newId(), newId()];
      const signIn = await api.call('/api/v1/auth/login', {
        json: { username: user.username, password: 'correct horse battery', deviceId: tabletA },
      });
      expect(signIn.status).toBe(200);
      const token = signIn.json.token as string;
      const [session] = await database.db
        .select()
        .from(sessions)
        .where(eq(sessions.accountId, user.id))
        .orderBy(desc(sessions.createdAt))
        .limit(1);
      expect(session?.deviceId).toBe(tabletA);

      const elsewhere = change();
      const refused = await push(token, tabletB, [elsewhere]);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('token-for-another-device');
      expect(await stored(elsewhere.recordId)).toBe(0);
      expect(await database.db.select().from(devices).where(eq(devices.id, tabletB))).toEqual([]);

      const here = change();
      const applied = await push(token, tabletA, [here]);
      expect(applied.status).toBe(200);
      expect(applied.json.results[0]).toMatchObject({ status: 'applied', recordVersion: 1 });
      expect(await stored(here.recordId)).toBe(1);

      const pullElsewhere = await pull(token, {}, `?deviceId=${tabletB}`);
      expect(pullElsewhere.status).toBe(403);
      expect(pullElsewhere.json.error.code).toBe('token-for-another-device');
      expect((await pull(token, {}, `?deviceId=${tabletA}`)).status).toBe(200);
      expect((await pull(token)).status).toBe(200);
      expect((await pull(token, {}, '?deviceId=not-a-device')).json.error.code).toBe('invalid-request');
    });

    it('lets a token from a login without deviceId (an older tablet) push from any device', async () => {
      const user = await makeUser(database.db);
      const signIn = await login(user.username, 'correct horse battery');
      expect(signIn.status).toBe(200);
      const token = signIn.json.token as string;
      for (const deviceId of [newId(), newId()]) {
        const c = change();
        const response = await push(token, deviceId, [c]);
        expect(response.status).toBe(200);
        expect(response.json.results[0]).toMatchObject({ status: 'applied' });
        expect(await stored(c.recordId)).toBe(1);
      }
      expect((await pull(token, {}, `?deviceId=${newId()}`)).status).toBe(200);
    });

    it('answers a login naming a malformed device id with 400 invalid-request at deviceId', async () => {
      const user = await makeUser(database.db);
      const response = await api.call('/api/v1/auth/login', {
        json: { username: user.username, password: 'correct horse battery', deviceId: 'tablet-7' },
      });
      expect(response.status).toBe(400);
      expect(response.json.error.details.map((d: { path: string }) => d.path)).toEqual(['deviceId']);
    });
  });

  it('refuses requests with no token, a wrong token, an expired token and a revoked token', async () => {
    const user = await makeUser(database.db);
    const missing = await pull();
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe('missing-token');

    const wrong = await pull('not-a-real-token');
    expect(wrong.json.error.code).toBe('invalid-token');
    const basic = await pull(undefined, { authorization: 'Basic YWRhOnB3' });
    expect(basic.json.error.code).toBe('missing-token');

    const { token: expired } = await issueToken(database.db, user.id, -1000);
    const late = await pull(expired);
    expect(late.status).toBe(401);
    expect(late.json.error.code).toBe('token-expired');

    expect((await pull(user.token)).status).toBe(200);
    const logout = await api.call('/api/v1/auth/logout', { method: 'POST', token: user.token });
    expect(logout.status).toBe(204);
    const revoked = await pull(user.token);
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.code).toBe('invalid-token');
  });

  it('revokes tokens when an account is disabled or its password reset', async () => {
    const user = await makeUser(database.db);
    await disableAccount(database.db, user.username);
    const disabled = await pull(user.token);
    expect(disabled.status).toBe(403);
    expect(disabled.json.error).toEqual({
      code: 'account-disabled',
      message: 'This account has been disabled by the central team.',
    });
    expect(
      (await database.db.select().from(sessions).where(eq(sessions.accountId, user.id)))[0]?.revokedAt,
    ).not.toBeNull();
    await resetPassword(database.db, user.username, 'a brand new passphrase');
    // Re-enabled by the reset: the token the disabling revoked is now only revoked.
    expect((await pull(user.token)).json.error.code).toBe('invalid-token');
    const again = await login(user.username, 'a brand new passphrase');
    expect(again.status).toBe(200);
  });

  it('answers a disabled account’s right password with 403 account-disabled and a wrong one as any other', async () => {
    const user = await makeUser(database.db);
    await disableAccount(database.db, user.username);
    const right = await login(user.username, 'correct horse battery');
    expect(right.status).toBe(403);
    expect(right.json.error.code).toBe('account-disabled');
    const wrong = await login(user.username, 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('invalid-credentials');
    const issued = await database.db.select().from(sessions).where(eq(sessions.accountId, user.id));
    expect(issued).toHaveLength(1);
  });

  it('keeps a token logged out before its account was disabled answered 401 invalid-token', async () => {
    const user = await makeUser(database.db);
    await api.call('/api/v1/auth/logout', { method: 'POST', token: user.token });
    // Revocation and disabling are compared by time (milliseconds): keep them apart.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await disableAccount(database.db, user.username);
    const response = await pull(user.token);
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe('invalid-token');
  });

  it('keeps coordinator routes from workers', async () => {
    const worker = await makeUser(database.db, 'worker');
    const coordinator = await makeUser(database.db, 'coordinator');
    const asWorker = await api.call('/api/v1/records?type=signup', { token: worker.token });
    expect(asWorker.status).toBe(403);
    expect(asWorker.json.error.code).toBe('forbidden');
    expect((await api.call('/api/v1/records?type=signup', { token: coordinator.token })).status).toBe(200);
  });

  it('creates the bootstrap coordinator only when there is no account at all', async () => {
    const empty = await openTestDatabase(kind);
    try {
      expect(await bootstrapAdmin(empty.db, 'admin:first-admin-passphrase')).toBe('created');
      expect(await bootstrapAdmin(empty.db, 'other:second-admin-passphrase')).toBe('skipped');
      const rows = await empty.db.select().from(accounts);
      expect(rows.map((row) => [row.username, row.role])).toEqual([['admin', 'coordinator']]);
      expect(rows[0]?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    } finally {
      await empty.close();
    }
  });
});

describe('no token needed', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(() => database.close());

  it('serves health checks without a token, and every other API route needs one', async () => {
    const api = testApi(database.db);
    expect((await api.call('/healthz')).json).toEqual({ status: 'ok' });
    expect((await api.call('/readyz')).json).toEqual({ status: 'ready' });
    for (const path of [
      '/api/v1/sync/pull',
      '/api/v1/records?type=signup',
      `/api/v1/attachments/${'a'.repeat(64)}`,
    ]) {
      expect((await api.call(path)).status).toBe(401);
    }
  });

  it('sends secure headers and a request id', async () => {
    const response = await testApi(database.db).call('/healthz');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});
