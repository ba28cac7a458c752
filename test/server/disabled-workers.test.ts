// Disabled workers on shared tablets: account-disabled answers, per-device recovery keys, wipe reports, and pull's
// list of disabled workers a tablet still has to wipe.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableAccount, enableAccount } from '../../src/server/auth/accounts';
import { issueToken } from '../../src/server/auth/tokens';
import { deviceRecoveryKeys, deviceWipes, records } from '../../src/server/db/schema';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

describe.each(databaseKinds())('disabled workers on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
  });
  afterAll(() => database.close());

  /** A worker signed in on `deviceId` (a token bound to it), who has pushed one record from it. */
  async function workerOn(deviceId: string): Promise<TestUser> {
    const user = await makeUser(database.db);
    const { token } = await issueToken(database.db, user.id, undefined, new Date(), deviceId);
    const pushed = await api.call('/api/v1/sync/push', { token, json: pushBody(deviceId, [change()]) });
    expect(pushed.status).toBe(200);
    return { ...user, token };
  }
  const push = (token: string, deviceId: string) =>
    api.call('/api/v1/sync/push', { token, json: pushBody(deviceId, [change()]) });
  const pull = (token: string, deviceId?: string) =>
    api.call(`/api/v1/sync/pull${deviceId ? `?deviceId=${deviceId}` : ''}`, { token });
  const recoveryKey = (token: string, deviceId: string) =>
    api.call(`/api/v1/devices/${deviceId}/recovery-key`, { token });
  const reportWipe = (token: string, deviceId: string, body: unknown) =>
    api.call(`/api/v1/devices/${deviceId}/wipes`, { token, json: body });
  const wipesOf = (accountId: string) =>
    database.db.select().from(deviceWipes).where(eq(deviceWipes.accountId, accountId));
  const keysOf = (accountId: string) =>
    database.db.select().from(deviceRecoveryKeys).where(eq(deviceRecoveryKeys.accountId, accountId));

  describe('a disabled account', () => {
    it('has its old token answered 403 account-disabled on push, pull and recovery key, and nothing stored', async () => {
      const tablet = newId();
      const worker = await workerOn(tablet);
      await disableAccount(database.db, worker.username);

      const answers = [await push(worker.token, tablet), await pull(worker.token, tablet)];
      answers.push(await recoveryKey(worker.token, tablet));
      for (const answer of answers) {
        expect(answer.status).toBe(403);
        expect(answer.json.error).toEqual({
          code: 'account-disabled',
          message: 'This account has been disabled by the central team.',
        });
        expect(answer.headers.get('cache-control')).toBe('no-store');
      }
      expect(await database.db.select().from(records).where(eq(records.ownerId, worker.id))).toHaveLength(1);
      expect(await keysOf(worker.id)).toEqual([]);
    });
  });

  describe('recovery keys', () => {
    it('gives a worker the same 32-byte key for a device on every ask, uncached', async () => {
      const tablet = newId();
      const worker = await workerOn(tablet);
      const first = await recoveryKey(worker.token, tablet);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(Object.keys(first.json)).toEqual(['key']);
      expect(first.json.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(first.json.key, 'base64url')).toHaveLength(32);
      expect((await recoveryKey(worker.token, tablet)).json.key).toBe(first.json.key);
      const stored = await keysOf(worker.id);
      expect(stored).toHaveLength(1);
      expect(Buffer.from(stored[0]?.recoveryKey as Uint8Array).toString('base64url')).toBe(first.json.key);
    });

    it('gives different keys for another device and for another worker on the same device', async () => {
      const [tablet, otherTablet] = [newId(), newId()];
      // Unbound tokens (a login without deviceId), so one token can ask for two devices.
      const ada = await makeUser(database.db);
      const grace = await makeUser(database.db);
      const keys = [
        (await recoveryKey(ada.token, tablet)).json.key,
        (await recoveryKey(ada.token, otherTablet)).json.key,
        (await recoveryKey(grace.token, tablet)).json.key,
      ];
      expect(new Set(keys).size).toBe(3);
      expect(await keysOf(ada.id)).toHaveLength(2);
    });

    it('refuses a token bound to another device with 403 token-for-another-device, making no key', async () => {
      const worker = await workerOn(newId());
      const response = await recoveryKey(worker.token, newId());
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe('token-for-another-device');
      expect(await keysOf(worker.id)).toEqual([]);
    });

    it('refuses a malformed device id with 400 invalid-request, and no token with 401', async () => {
      const worker = await makeUser(database.db);
      const malformed = await recoveryKey(worker.token, 'tablet-7');
      expect(malformed.status).toBe(400);
      expect(malformed.json.error.code).toBe('invalid-request');
      const anonymous = await api.call(`/api/v1/devices/${newId()}/recovery-key`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.json.error.code).toBe('missing-token');
    });
  });

  describe('wipe reports', () => {
    it('accepts the disabled worker’s own (revoked) token reporting about itself, and stores the report', async () => {
      const tablet = newId();
      const worker = await workerOn(tablet);
      await disableAccount(database.db, worker.username);
      const response = await reportWipe(worker.token, tablet, { workerId: worker.id, kept: 2, removed: 17 });
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      const [row] = await wipesOf(worker.id);
      expect(row).toMatchObject({ deviceId: tablet, reportedBy: worker.id, kept: 2, removed: 17 });
      // The token works for nothing else.
      expect((await pull(worker.token, tablet)).json.error.code).toBe('account-disabled');
    });

    it('accepts another active worker on the tablet reporting about a disabled worker; a second report adds a row', async () => {
      const tablet = newId();
      const leaver = await workerOn(tablet);
      const colleague = await workerOn(tablet);
      await disableAccount(database.db, leaver.username);
      const body = { workerId: leaver.id, kept: 0, removed: 5 };
      expect((await reportWipe(colleague.token, tablet, body)).status).toBe(204);
      expect((await reportWipe(colleague.token, tablet, { ...body, removed: 0 })).status).toBe(204);
      const rows = await wipesOf(leaver.id);
      expect(rows.map((row) => [row.reportedBy, row.removed]).sort()).toEqual([
        [colleague.id, 0],
        [colleague.id, 5],
      ]);
    });

    it('refuses a report about an active worker, or one who never synced from the tablet, with 400 at workerId', async () => {
      const tablet = newId();
      const active = await workerOn(tablet);
      const colleague = await workerOn(tablet);
      const elsewhere = await workerOn(newId());
      await disableAccount(database.db, elsewhere.username);
      for (const workerId of [active.id, elsewhere.id, newId()]) {
        const response = await reportWipe(colleague.token, tablet, { workerId, kept: 0, removed: 1 });
        expect(response.status).toBe(400);
        expect(response.json.error.code).toBe('invalid-request');
        expect(response.json.error.details.map((d: { path: string }) => d.path)).toEqual(['workerId']);
      }
      // Not even about itself while active.
      expect(
        (await reportWipe(active.token, tablet, { workerId: active.id, kept: 0, removed: 1 })).status,
      ).toBe(400);
      for (const id of [active.id, elsewhere.id]) expect(await wipesOf(id)).toEqual([]);
    });

    it('refuses a disabled worker’s token reporting about someone else, and any token bound to another tablet', async () => {
      const tablet = newId();
      const first = await workerOn(tablet);
      const second = await workerOn(tablet);
      await disableAccount(database.db, first.username);
      await disableAccount(database.db, second.username);
      const aboutOther = await reportWipe(first.token, tablet, { workerId: second.id, kept: 0, removed: 1 });
      expect(aboutOther.status).toBe(403);
      expect(aboutOther.json.error.code).toBe('forbidden');

      const colleagueElsewhere = await workerOn(newId());
      const boundElsewhere = await reportWipe(colleagueElsewhere.token, tablet, {
        workerId: second.id,
        kept: 0,
        removed: 1,
      });
      expect(boundElsewhere.status).toBe(403);
      expect(boundElsewhere.json.error.code).toBe('token-for-another-device');
      const ownElsewhere = await reportWipe(first.token, newId(), {
        workerId: first.id,
        kept: 0,
        removed: 1,
      });
      expect(ownElsewhere.json.error.code).toBe('token-for-another-device');
      for (const id of [first.id, second.id]) expect(await wipesOf(id)).toEqual([]);
    });

    it('refuses negative or fractional counts and an unknown or logged-out token', async () => {
      const tablet = newId();
      const worker = await workerOn(tablet);
      await disableAccount(database.db, worker.username);
      for (const counts of [{ kept: -1, removed: 0 }, { kept: 0, removed: 1.5 }, { kept: 0 }]) {
        const response = await reportWipe(worker.token, tablet, { workerId: worker.id, ...counts });
        expect(response.status).toBe(400);
        expect(response.json.error.code).toBe('invalid-request');
      }
      const unknown = await reportWipe('not-a-real-token', tablet, {
        workerId: worker.id,
        kept: 0,
        removed: 0,
      });
      expect(unknown.status).toBe(401);
      expect(unknown.json.error.code).toBe('invalid-token');
      expect(await wipesOf(worker.id)).toEqual([]);
    });
  });

  describe('pull', () => {
    it('lists a disabled worker who synced from the tablet until a wipe is reported, not one who never used it', async () => {
      const tablet = newId();
      const colleague = await workerOn(tablet);
      const leaver = await workerOn(tablet);
      const stranger = await workerOn(newId());
      expect((await pull(colleague.token, tablet)).json.disabledWorkers).toEqual([]);

      await disableAccount(database.db, leaver.username);
      await disableAccount(database.db, stranger.username);
      const listed = await pull(colleague.token, tablet);
      expect(listed.status).toBe(200);
      expect(listed.json.disabledWorkers).toEqual([leaver.id]);
      // Without a device id there is no tablet to speak of.
      expect((await pull(colleague.token)).json.disabledWorkers).toEqual([]);

      await reportWipe(colleague.token, tablet, { workerId: leaver.id, kept: 1, removed: 3 });
      expect((await pull(colleague.token, tablet)).json.disabledWorkers).toEqual([]);
    });

    it('stops listing a re-enabled worker, and lists them again when disabled again despite the older wipe report', async () => {
      const tablet = newId();
      const colleague = await workerOn(tablet);
      const leaver = await workerOn(tablet);
      await disableAccount(database.db, leaver.username);
      await reportWipe(colleague.token, tablet, { workerId: leaver.id, kept: 0, removed: 1 });
      await enableAccount(database.db, leaver.username);
      expect((await pull(colleague.token, tablet)).json.disabledWorkers).toEqual([]);
      // Enabled again, but the token the disabling revoked stays revoked.
      const old = await pull(leaver.token, tablet);
      expect(old.status).toBe(401);
      expect(old.json.error.code).toBe('invalid-token');
      const signIn = await api.call('/api/v1/auth/login', {
        json: { username: leaver.username, password: 'correct horse battery', deviceId: tablet },
      });
      expect(signIn.status).toBe(200);

      // The report and the second disabling are compared by time (milliseconds): keep them apart.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await disableAccount(database.db, leaver.username);
      expect((await pull(colleague.token, tablet)).json.disabledWorkers).toEqual([leaver.id]);
    });

    it('keeps listing a disabled worker on a tablet whose wipe was reported for another tablet only', async () => {
      const [tablet, otherTablet] = [newId(), newId()];
      const leaver = await workerOn(tablet);
      const { token: leaverOther } = await issueToken(
        database.db,
        leaver.id,
        undefined,
        new Date(),
        otherTablet,
      );
      expect((await push(leaverOther, otherTablet)).status).toBe(200);
      const colleague = await makeUser(database.db);
      await disableAccount(database.db, leaver.username);
      await reportWipe(leaverOther, otherTablet, { workerId: leaver.id, kept: 0, removed: 1 });
      expect((await pull(colleague.token, tablet)).json.disabledWorkers).toEqual([leaver.id]);
      expect((await pull(colleague.token, otherTablet)).json.disabledWorkers).toEqual([]);
      const rows = await database.db
        .select()
        .from(deviceWipes)
        .where(and(eq(deviceWipes.accountId, leaver.id), eq(deviceWipes.deviceId, tablet)));
      expect(rows).toEqual([]);
    });
  });
});
