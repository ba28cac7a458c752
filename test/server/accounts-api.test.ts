// The coordinators' accounts API: list with each tablet's last contact and unsent count, create (one set of rules,
// 409 on a taken name), disable (tokens stop at once; not oneself), enable, reset password (old sessions end).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../src/server/auth/accounts';
import { issueToken } from '../../src/server/auth/tokens';
import { accounts, devices } from '../../src/server/db/schema';
import { PENDING_COUNT_MAX } from '../../src/server/devices/contact';
import { MIN_PASSWORD_LENGTH } from '../../src/shared/account-rules';
import { newId } from '../../src/shared/ids';
import { change, type Json, makeUser, pushBody, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const PASSWORD = 'a long enough passphrase';

describe.each(databaseKinds())('accounts API on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let coordinator: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  const login = (username: string, password: string) =>
    api.call('/api/v1/auth/login', { json: { username, password } });
  const create = (json: unknown, token = coordinator.token) => api.call('/api/v1/accounts', { token, json });
  const act = (id: string, action: string, json?: unknown) =>
    api.call(`/api/v1/accounts/${id}/${action}`, { token: coordinator.token, method: 'POST', json });
  const list = async (): Promise<Json[]> => {
    const response = await api.call('/api/v1/accounts', { token: coordinator.token });
    expect(response.status).toBe(200);
    return response.json.accounts;
  };
  const pull = (token: string, query: string) => api.call(`/api/v1/sync/pull?${query}`, { token });
  const deviceRow = async (deviceId: string) =>
    (await database.db.select().from(devices).where(eq(devices.id, deviceId)))[0];

  it('refuses workers: only coordinators manage accounts', async () => {
    const worker = await makeUser(database.db);
    expect((await api.call('/api/v1/accounts', { token: worker.token })).status).toBe(403);
    const attempt = await create(
      { username: 'sneaky', password: PASSWORD, role: 'coordinator' },
      worker.token,
    );
    expect(attempt.status).toBe(403);
    expect(await database.db.select().from(accounts).where(eq(accounts.username, 'sneaky'))).toEqual([]);
  });

  it('creates an account that can sign in, and answers 409 account-exists for a taken name', async () => {
    const created = await create({ username: 'new.worker', password: PASSWORD, role: 'worker' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      username: 'new.worker',
      role: 'worker',
      disabledAt: null,
      devices: [],
    });
    expect((await login('new.worker', PASSWORD)).status).toBe(200);

    const again = await create({ username: 'new.worker', password: PASSWORD, role: 'coordinator' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('account-exists');
    const rows = await database.db.select().from(accounts).where(eq(accounts.username, 'new.worker'));
    expect(rows.map((row) => row.role)).toEqual(['worker']);
  });

  it('makes one account when the same name is created twice at once', async () => {
    const answers = await Promise.all([
      create({ username: 'twice', password: PASSWORD, role: 'worker' }),
      create({ username: 'twice', password: PASSWORD, role: 'worker' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(await database.db.select().from(accounts).where(eq(accounts.username, 'twice'))).toHaveLength(1);
  });

  it('refuses names and passwords outside the shared rules with where and why, creating nothing', async () => {
    for (const [username, password, path] of [
      ['Upper', PASSWORD, 'username'],
      ['a', PASSWORD, 'username'],
      ['has space', PASSWORD, 'username'],
      ['short.password', 'x'.repeat(MIN_PASSWORD_LENGTH - 1), 'password'],
    ] as const) {
      const response = await create({ username, password, role: 'worker' });
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe('invalid-request');
      expect(response.json.error.details[0].path).toBe(path);
    }
    expect(await database.db.select().from(accounts).where(eq(accounts.username, 'short.password'))).toEqual(
      [],
    );
  });

  it('leaves a bootstrap setting alone once accounts exist, even one today’s rules refuse', async () => {
    // The rules' refusal on an empty database is tested on the real process (accounts-cli.test.ts).
    expect(await bootstrapAdmin(database.db, `Old.Admin:${PASSWORD}`)).toBe('skipped');
    expect(await database.db.select().from(accounts).where(eq(accounts.username, 'Old.Admin'))).toEqual([]);
    await expect(bootstrapAdmin(database.db, 'no-colon')).rejects.toThrow(/must be "username:password"/);
  });

  it('disables an account: its token is refused at once and its password no longer signs in', async () => {
    const worker = await makeUser(database.db, 'worker', PASSWORD);
    expect((await pull(worker.token, 'cursor=0')).status).toBe(200);

    const disabled = await act(worker.id, 'disable');
    expect(disabled.status).toBe(200);
    expect(disabled.json.disabledAt).not.toBeNull();
    const refused = await pull(worker.token, 'cursor=0');
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('account-disabled');
    expect((await login(worker.username, PASSWORD)).json.error.code).toBe('account-disabled');
  });

  it('refuses a coordinator disabling themselves, and an unknown account, changing nothing', async () => {
    const self = await act(coordinator.id, 'disable');
    expect(self.status).toBe(400);
    expect(self.json.error.code).toBe('invalid-request');
    expect((await api.call('/api/v1/accounts', { token: coordinator.token })).status).toBe(200);

    for (const id of [newId(), 'not-an-id']) {
      const unknown = await act(id, 'disable');
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.code).toBe('account-not-found');
    }
  });

  it('enables a disabled account: the password signs in again, the revoked token stays revoked', async () => {
    const worker = await makeUser(database.db, 'worker', PASSWORD);
    await act(worker.id, 'disable');
    const enabled = await act(worker.id, 'enable');
    expect(enabled.status).toBe(200);
    expect(enabled.json.disabledAt).toBeNull();
    expect((await login(worker.username, PASSWORD)).status).toBe(200);
    expect((await pull(worker.token, 'cursor=0')).json.error.code).toBe('invalid-token');
  });

  it('resets a password: old sessions and the old password stop, the new one signs in', async () => {
    const worker = await makeUser(database.db, 'worker', PASSWORD);
    const newPassword = 'another long passphrase';
    const reset = await act(worker.id, 'reset-password', { password: newPassword });
    expect(reset.status).toBe(200);
    expect((await pull(worker.token, 'cursor=0')).json.error.code).toBe('invalid-token');
    expect((await login(worker.username, PASSWORD)).status).toBe(401);
    expect((await login(worker.username, newPassword)).status).toBe(200);

    const weak = await act(worker.id, 'reset-password', { password: 'short' });
    expect(weak.status).toBe(400);
    expect((await login(worker.username, newPassword)).status).toBe(200);
  });

  it("lists each account's tablets with first seen, last contact and the unsent count the tablet gave", async () => {
    const worker = await makeUser(database.db);
    const tablet = newId();
    const { token } = await issueToken(database.db, worker.id, undefined, new Date(), tablet);

    // A pull naming the device makes its row, with the count the tablet sent.
    expect((await pull(token, `cursor=0&deviceId=${tablet}&pending=3`)).status).toBe(200);
    const afterPull = await deviceRow(tablet);
    expect(afterPull?.pendingCount).toBe(3);
    expect(afterPull?.lastContactAt).toBeInstanceOf(Date);

    // A push moves the last contact on and leaves the count as the tablet last gave it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const pushed = await api.call('/api/v1/sync/push', { token, json: pushBody(tablet, [change()]) });
    expect(pushed.status).toBe(200);
    const afterPush = await deviceRow(tablet);
    expect(afterPush?.lastContactAt?.getTime()).toBeGreaterThan(afterPull?.lastContactAt?.getTime() ?? 0);
    expect(afterPush?.pendingCount).toBe(3);

    // A pull without a count (an older tablet) keeps the last one.
    expect((await pull(token, `cursor=0&deviceId=${tablet}`)).status).toBe(200);
    expect((await pull(token, `cursor=0&deviceId=${tablet}&pending=0`)).status).toBe(200);

    const listed = (await list()).find((account) => account.id === worker.id);
    expect(listed.devices).toEqual([
      {
        deviceId: tablet,
        firstSeenAt: afterPull?.firstSeenAt.toISOString(),
        lastContactAt: expect.any(String),
        pendingCount: 0,
      },
    ]);
  });

  it('refuses an unsent count that is not a whole number in range, or not sent with a device', async () => {
    const worker = await makeUser(database.db);
    const tablet = newId();
    for (const query of [
      `deviceId=${tablet}&pending=-1`,
      `deviceId=${tablet}&pending=2.5`,
      `deviceId=${tablet}&pending=lots`,
      `deviceId=${tablet}&pending=${PENDING_COUNT_MAX + 1}`,
      'pending=3',
    ]) {
      const response = await pull(worker.token, `cursor=0&${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json.error.code).toBe('invalid-request');
    }
    expect(await deviceRow(tablet)).toBeUndefined();
    expect(
      (await pull(worker.token, `cursor=0&deviceId=${tablet}&pending=${PENDING_COUNT_MAX}`)).status,
    ).toBe(200);
    expect((await deviceRow(tablet))?.pendingCount).toBe(PENDING_COUNT_MAX);
  });
});
