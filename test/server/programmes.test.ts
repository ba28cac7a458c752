// Programme settings as data: coordinators change them (version checked and bumped), workers only read them, and
// tablets see the new settings and pot in their next pull.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MICRO_GRANT, SOUTHEND_2050_AMBITION } from '../../src/shared/programmes';
import { makeUser, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

describe.each(databaseKinds())('programme settings on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  const put = (user: TestUser, id: string, json: unknown) =>
    api.call(`/api/v1/programmes/${id}`, { method: 'PUT', token: user.token, json });

  it('starts with the two seed programmes, readable by any signed-in user', async () => {
    const response = await api.call('/api/v1/programmes', { token: worker.token });
    expect(response.status).toBe(200);
    expect(response.json.programmes).toEqual([MICRO_GRANT, SOUTHEND_2050_AMBITION]);
  });

  it('lets a coordinator widen the deprivation threshold, bumping the version tablets pull', async () => {
    const response = await put(coordinator, 'southend-2050-ambition', {
      ...SOUTHEND_2050_AMBITION,
      maxImdDecile: 3,
    });
    expect(response.status).toBe(200);
    expect(response.json.programme).toMatchObject({ maxImdDecile: 3, version: 2 });
    const pull = await api.call('/api/v1/sync/pull', { token: worker.token });
    expect(
      pull.json.reference.programmes.find((p: { id: string }) => p.id === 'southend-2050-ambition'),
    ).toMatchObject({
      maxImdDecile: 3,
      version: 2,
    });
  });

  it('refuses a stale version (409), bad settings (400) and a worker (403)', async () => {
    const stale = await put(coordinator, 'southend-2050-ambition', {
      ...SOUTHEND_2050_AMBITION,
      maxImdDecile: 4,
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'version-conflict', details: { currentVersion: 2 } });
    const bad = await put(coordinator, 'southend-2050-ambition', {
      ...SOUTHEND_2050_AMBITION,
      version: 2,
      maxImdDecile: 11,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid-programme');
    expect(bad.json.error.details.issues[0].path).toBe('maxImdDecile');
    const other = await put(coordinator, 'micro-grant', { ...SOUTHEND_2050_AMBITION, version: 2 });
    expect(other.status).toBe(400);
    expect((await put(worker, 'micro-grant', MICRO_GRANT)).status).toBe(403);
  });

  it('moves the grant pot with the settings, and tablets see the new funds remaining', async () => {
    const response = await put(coordinator, 'micro-grant', { ...MICRO_GRANT, potPence: 12_000_000 });
    expect(response.status).toBe(200);
    const pull = await api.call('/api/v1/sync/pull', { token: worker.token });
    expect(pull.json.reference.fundsRemaining[0]).toMatchObject({
      potPence: 12_000_000,
      remainingPence: 12_000_000,
    });
  });
});
