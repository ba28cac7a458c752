// Programme settings as data: coordinators change them (version checked and bumped), workers only read them, and
// tablets see the new settings and pot in their next pull; every save is kept as a version checks can name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { type GrantRound, MICRO_GRANT, SOUTHEND_2050_AMBITION } from '../../src/shared/programmes';
import { change, checkPayload, makeUser, pushBody, type TestUser, testApi } from './support/api';
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

  const versions = (user: TestUser, id = 'micro-grant') =>
    api.call(`/api/v1/programmes/${id}/versions`, { token: user.token });
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

  it('moves the round’s pot with the settings, and tablets see the new funds remaining', async () => {
    const round = { ...(MICRO_GRANT.rounds?.[0] as GrantRound), potPence: 12_000_000 };
    const response = await put(coordinator, 'micro-grant', { ...MICRO_GRANT, rounds: [round] });
    expect(response.status).toBe(200);
    // The top-level pot mirrors the newest round, for tablets from before rounds.
    expect(response.json.programme).toMatchObject({ version: 2, potPence: 12_000_000 });
    const pull = await api.call('/api/v1/sync/pull', { token: worker.token });
    expect(pull.json.reference.fundsRemaining[0]).toMatchObject({
      roundId: '2022-23',
      potPence: 12_000_000,
      remainingPence: 12_000_000,
    });
  });

  it('keeps every save as a version with who saved it, newest first, readable by coordinators only', async () => {
    const before = await versions(coordinator);
    expect(before.status).toBe(200);
    expect(before.json.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const third = await put(coordinator, 'micro-grant', {
      ...before.json.versions[0].settings,
      retentionDays: 14,
    });
    expect(third.json.programme).toMatchObject({ version: 3, retentionDays: 14 });
    const after = await versions(coordinator);
    expect(after.json.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(after.json.versions[0]).toMatchObject({
      savedBy: coordinator.id,
      settings: { version: 3, retentionDays: 14 },
    });
    expect(after.json.versions[1].settings).toMatchObject({
      version: 2,
      retentionDays: 7,
      potPence: 12_000_000,
    });
    // The seed version is kept as it was, saved by nobody.
    expect(after.json.versions[2]).toMatchObject({ version: 1, savedBy: null, settings: MICRO_GRANT });
    expect(Date.parse(after.json.versions[0].savedAt)).toBeGreaterThanOrEqual(
      Date.parse(after.json.versions[1].savedAt),
    );
    expect((await versions(worker)).status).toBe(403);
    expect((await versions(coordinator, 'parish-council')).status).toBe(404);
  });

  it('leaves a stored check with the version it used after the settings move on', async () => {
    const check = {
      ...checkPayload(),
      result: { ...checkPayload().result, programmeVersion: 2 },
    };
    const c = change({ recordType: 'eligibility-check', payload: check });
    const pushed = await api.call('/api/v1/sync/push', { token: worker.token, json: pushBody(newId(), [c]) });
    expect(pushed.json.results[0].status).toBe('applied');
    const current = (await versions(coordinator, 'southend-2050-ambition')).json.versions[0].settings;
    expect((await put(coordinator, 'southend-2050-ambition', { ...current, minimumAge: 18 })).status).toBe(
      200,
    );
    const stored = await api.call(`/api/v1/records/${c.recordId}`, { token: coordinator.token });
    expect(stored.json.record.payload.result.programmeVersion).toBe(2);
    const history = (await versions(coordinator, 'southend-2050-ambition')).json.versions;
    // The version the check names is still readable as it was.
    expect(history.find((v: { version: number }) => v.version === 2).settings).toMatchObject({
      minimumAge: 16,
    });
    expect(history[0].settings).toMatchObject({ version: 3, minimumAge: 18 });
  });
});
